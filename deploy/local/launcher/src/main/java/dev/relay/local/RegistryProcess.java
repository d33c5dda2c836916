package dev.relay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A container registry (distribution registry v2, Debian's {@code docker-registry}) as a child process of the local
 * run: loopback only, its blobs under the state folder so pushed images survive a restart, no credentials (nothing but
 * this machine can reach it). The Docker engine allows plain HTTP to registries on 127.0.0.0/8, so image-builder
 * pushes to and env-migrator pulls from {@link #address()} without any engine configuration.
 */
public final class RegistryProcess implements AutoCloseable {

    public static final String BINARY = "docker-registry";

    private final ManagedProcess process;
    private final int port;

    private RegistryProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the registry on {@code 127.0.0.1:port} with its storage in {@code dir/data}; ready once {@code GET /v2/} answers 200. */
    public static RegistryProcess start(Path dir, int port) {
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("config.yml"), "version: 0.1\n"
                    + "log:\n  level: info\n"
                    + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data").toAbsolutePath() + "\n"
                    + "  delete:\n    enabled: true\n"
                    + "http:\n  addr: 127.0.0.1:" + port + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the registry's configuration in " + dir, e);
        }
        ManagedProcess process = ManagedProcess.start("registry",
                List.of(BINARY, "serve", dir.resolve("config.yml").toString()), Map.of(), dir.resolve("registry.log"));
        process.awaitReady(() -> ManagedProcess.answers200("http://127.0.0.1:" + port + "/v2/"), Duration.ofSeconds(30));
        return new RegistryProcess(process, port);
    }

    /** {@code 127.0.0.1:<port>}: the value of {@code RELAY_BUILDER_REGISTRY_ADDRESS} and {@code RELAY_ENV_REGISTRY_ADDRESS}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
