package dev.relay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry process: the engine pushes to it over plain HTTP, it goes down and comes back with its images, it checks credentials. */
class LocalRegistryTest {

    @TempDir
    Path dir;

    @Test
    void theEnginePushesToItAndItKeepsTheImageAcrossARestart() throws IOException {
        Infra.requireDocker();
        Infra.requireCommand("docker");
        try (LocalRegistry registry = LocalRegistry.start()) {
            // A one-file image from scratch: nothing to pull, a push of a few hundred bytes.
            Files.writeString(dir.resolve("hello"), "hello " + UUID.randomUUID() + "\n");
            Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY hello /hello\n");
            String ref = registry.address() + "/testkit/hello:t1";
            docker("build", "-q", "-t", ref, ".");
            try {
                String pushed = docker("push", ref);
                String engineDigest = docker("image", "inspect", "--format", "{{index .RepoDigests 0}}", ref).strip();

                assertThat(registry.manifestDigest("testkit/hello", "t1")).hasValueSatisfying(digest -> {
                    assertThat(pushed).contains("digest: " + digest);
                    assertThat(engineDigest).isEqualTo(registry.address() + "/testkit/hello@" + digest);
                });
                assertThat(registry.manifestDigest("testkit/hello", "nope")).isEmpty();

                registry.stop();
                assertThat(registry.isRunning()).isFalse();
                assertThat(status(registry.url() + "/v2/")).as("nothing answers while it is down").isEqualTo(-1);

                registry.restart();
                assertThat(registry.manifestDigest("testkit/hello", "t1")).isPresent();
                assertThat(registry.logText()).contains("listening on " + registry.address());
            } finally {
                docker("rmi", "-f", ref);
            }
        }
    }

    @Test
    void withCredentialsItRefusesAnonymousRequestsAndStoresNoPassword() throws IOException {
        String password = "pw-" + UUID.randomUUID();
        Path storage;
        try (LocalRegistry registry = LocalRegistry.startWithCredentials("relay", password)) {
            assertThat(status(registry.url() + "/v2/")).isEqualTo(401);
            assertThat(registry.manifestDigest("testkit/none", "t1")).as("asked with its credentials: 404, not 401").isEmpty();
            assertThat(registry.toString()).doesNotContain(password);
            storage = registry.log().getParent();
            try (Stream<Path> files = Files.walk(storage)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain(password);
                }
            }
        }
        assertThat(storage).doesNotExist();
        assertThat(status("http://" + LocalRegistry.unusedAddress() + "/v2/")).isEqualTo(-1);
    }

    private String docker(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        // The classic builder: the engine here has no BuildKit (DESIGN.md).
        return Processes.run(dir, Map.of("DOCKER_BUILDKIT", "0"), Duration.ofMinutes(2), command).requireSuccess().output();
    }

    /** The HTTP status, or -1 when nothing answers. */
    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
