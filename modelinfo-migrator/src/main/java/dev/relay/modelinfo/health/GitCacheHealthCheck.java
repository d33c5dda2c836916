package dev.relay.modelinfo.health;

import dev.relay.modelinfo.config.ModelInfoMigratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the git cache folder can be written: without it no release can be read. (Kafka and MongoDB have their own checks.) */
@Readiness
@ApplicationScoped
public class GitCacheHealthCheck implements HealthCheck {

    private final ModelInfoMigratorConfig config;

    public GitCacheHealthCheck(ModelInfoMigratorConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        Path dir = config.git().cacheDir();
        try {
            Files.createDirectories(dir);
            boolean writable = Files.isWritable(dir);
            return HealthCheckResponse.named("git-cache").status(writable).withData("dir", dir.toString()).build();
        } catch (IOException e) {
            return HealthCheckResponse.named("git-cache").down().withData("dir", dir.toString())
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
