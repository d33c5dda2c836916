package dev.relay.builder.health;

import com.github.dockerjava.api.DockerClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Docker engine answers a ping: without it no release can be built. */
@Readiness
@ApplicationScoped
public class DockerEngineReadiness implements HealthCheck {

    private final DockerClient docker;

    public DockerEngineReadiness(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            docker.pingCmd().exec();
            return HealthCheckResponse.up("docker-engine");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("docker-engine").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
