package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.Infra;
import dev.relay.testkit.Processes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's registry as a real process: the engine pushes to it, and the image is still there after a restart. */
class RegistryProcessTest {

    @TempDir
    Path state;

    @Test
    void theEnginePushesToItAndItKeepsTheImageAcrossARestart() throws IOException {
        Infra.requireCommand(RegistryProcess.BINARY);
        Infra.requireDocker();
        Infra.requireCommand("docker");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path ctx = Files.createDirectories(state.resolve("image"));
        Files.writeString(ctx.resolve("hello"), UUID.randomUUID() + "\n");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY hello /hello\n");
        String ref = "127.0.0.1:" + port + "/local/hello:t1";
        long pid;
        try (RegistryProcess registry = RegistryProcess.start(state.resolve("registry"), port)) {
            pid = registry.pid();
            assertThat(registry.address()).isEqualTo("127.0.0.1:" + port);
            docker(ctx, "build", "-q", "-t", ref, ".");
            assertThat(docker(ctx, "push", ref)).contains("digest: sha256:");
        } finally {
            docker(ctx, "rmi", "-f", ref);
        }
        assertThat(ProcessHandle.of(pid)).as("the registry process is gone after close").isEmpty();

        try (RegistryProcess registry = RegistryProcess.start(state.resolve("registry"), port)) {
            assertThat(docker(ctx, "pull", ref)).contains("Downloaded newer image");
            assertThat(Files.readString(registry.log())).contains("listening on 127.0.0.1:" + port);
        } finally {
            docker(ctx, "rmi", "-f", ref);
        }
    }

    private static String docker(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return Processes.run(dir, Map.of("DOCKER_BUILDKIT", "0"), Duration.ofMinutes(2), command).requireSuccess().output();
    }
}
