package dev.relay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real container registry (distribution registry v2, Debian's {@code docker-registry}) as its own process
 * on a free loopback port, its blobs in a temporary folder, optionally behind htpasswd (bcrypt) credentials.
 * The Docker engine treats registries on 127.0.0.0/8 as insecure-allowed, so plain HTTP push and pull work
 * without any engine configuration.
 *
 * <p>{@link #stop()} ends the process but keeps the port and the storage, so a test can simulate a registry
 * that is down (nothing listening at {@link #address()}) and {@link #restart()} it with its images intact.
 * Without the binary (or {@code htpasswd}, for credentials) the test is skipped locally and fails under
 * {@code CI=true} ({@link Infra}).
 */
public final class LocalRegistry implements AutoCloseable {

    public static final String BINARY = "docker-registry";
    /** The docker v2 manifest: what the engine pushes, so its digest is the one the push reports. */
    public static final String DOCKER_MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";

    private static final Duration READY = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final int port;
    private final Optional<Credentials> credentials;
    private Process process;

    /** The user and password the registry accepts; {@link #toString()} leaves the password out. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + "]";
        }
    }

    private LocalRegistry(Path dir, int port, Optional<Credentials> credentials) {
        this.dir = dir;
        this.port = port;
        this.credentials = credentials;
    }

    /** A registry that accepts anyone. */
    public static LocalRegistry start() {
        return start(Optional.empty());
    }

    /** A registry that answers 401 to anyone without {@code username} / {@code password}. */
    public static LocalRegistry startWithCredentials(String username, String password) {
        return start(Optional.of(new Credentials(username, password)));
    }

    private static LocalRegistry start(Optional<Credentials> credentials) {
        Infra.requireCommand(BINARY);
        credentials.ifPresent(c -> Infra.requireCommand("htpasswd"));
        try {
            Path dir = Files.createTempDirectory("relay-registry");
            LocalRegistry registry = new LocalRegistry(dir, freePort(), credentials);
            registry.writeConfig();
            registry.launch();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback address nothing listens on (a free port): a registry that is down from the start. */
    public static String unusedAddress() {
        try {
            return "127.0.0.1:" + freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}: the registry part of an image reference, and the engine's server address. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public String url() {
        return "http://" + address();
    }

    public Optional<Credentials> credentials() {
        return credentials;
    }

    /** The registry's own log (its requests and errors). */
    public Path log() {
        return dir.resolve("registry.log");
    }

    public String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Ends the process, as a registry that went down: the port answers nothing, the stored images stay. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Starts it again on the same port and storage. */
    public void restart() {
        stop();
        launch();
    }

    /**
     * The digest the registry serves for {@code name:tag} as a docker v2 manifest (its {@code Docker-Content-Digest}
     * header), asked with the registry's credentials; empty when it has no such manifest.
     */
    public Optional<String> manifestDigest(String name, String tag) {
        HttpResponse<Void> response = get("/v2/" + name + "/manifests/" + tag, DOCKER_MANIFEST_V2);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("GET manifest " + name + ":" + tag + " answered " + response.statusCode() + "\n" + tail(20));
        }
        return response.headers().firstValue("Docker-Content-Digest");
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder costs disk space, not correctness
        }
    }

    @Override
    public String toString() {
        return "LocalRegistry[" + address() + (credentials.isPresent() ? ", " + credentials.get() : "") + "]";
    }

    private void writeConfig() throws IOException {
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: info\n  accesslog:\n    disabled: false\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: ").append(address()).append('\n');
        if (credentials.isPresent()) {
            Path htpasswd = dir.resolve("htpasswd");
            Files.writeString(htpasswd, bcryptLine(credentials.get()));
            config.append("auth:\n  htpasswd:\n    realm: relay-test\n    path: ").append(htpasswd).append('\n');
        }
        Files.writeString(dir.resolve("config.yml"), config.toString());
    }

    /** {@code htpasswd -B}: the registry reads bcrypt only. The password goes in on stdin, not on a command line. */
    private static String bcryptLine(Credentials c) throws IOException {
        Process htpasswd = new ProcessBuilder("htpasswd", "-B", "-i", "-n", c.username()).redirectErrorStream(false).start();
        htpasswd.getOutputStream().write(c.password().getBytes(StandardCharsets.UTF_8));
        htpasswd.getOutputStream().close();
        String line = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!htpasswd.waitFor(30, TimeUnit.SECONDS) || htpasswd.exitValue() != 0 || !line.startsWith(c.username() + ":$2")) {
                throw new IllegalStateException("htpasswd -B did not give a bcrypt line for " + c.username());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running htpasswd", e);
        }
        return line + "\n";
    }

    private void launch() {
        try {
            process = new ProcessBuilder(BINARY, "serve", dir.resolve("config.yml").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + BINARY, e);
        }
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(BINARY + " exited with code " + process.exitValue() + ":\n" + tail(20));
            }
            if (answers()) {
                return;
            }
            sleep(100);
        }
        stop();
        throw new IllegalStateException(BINARY + " did not answer GET /v2/ at " + address() + " within " + READY + ":\n" + tail(20));
    }

    /** Up means {@code GET /v2/} answers: 200, or 401 when credentials are required. */
    private boolean answers() {
        try {
            int status = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/v2/")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<Void> get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                .header("Accept", accept);
        credentials.ifPresent(c -> request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url() + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String tail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
