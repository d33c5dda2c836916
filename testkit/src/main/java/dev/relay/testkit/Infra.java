package dev.relay.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards for tests that need real infrastructure. Outside CI a missing part skips the test with
 * a reason; under {@code CI=true} it fails it, so a missing engine or tool can never pass
 * silently in CI.
 */
public final class Infra {

    private Infra() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (locally) or fails (in CI) unless {@code available}. */
    public static void require(boolean available, String what) {
        if (available) {
            return;
        }
        if (inCi()) {
            throw new AssertionError(what + " is required in CI (CI=true) but is not available");
        }
        Assumptions.abort(what + " is not available; skipped outside CI");
    }

    /** Requires a Docker engine that answers {@code /_ping} at {@code DOCKER_HOST} (default the local socket). */
    public static void requireDocker() {
        require(dockerAnswers(), "a Docker engine at " + dockerHost() + " (start one with deploy/docker/start-engine)");
    }

    /** Requires a command on the PATH, e.g. {@code kcat}. */
    public static void requireCommand(String command) {
        require(onPath(command), "the command '" + command + "'");
    }

    public static String dockerHost() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host;
    }

    public static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Speaks just enough HTTP over the engine's socket to ask {@code GET /_ping}; no client library
     * needed. A hung engine counts as absent after five seconds (a unix-socket read has no timeout).
     */
    public static boolean dockerAnswers() {
        try {
            return java.util.concurrent.CompletableFuture.supplyAsync(Infra::ping).get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean ping() {
        URI uri = URI.create(dockerHost());
        byte[] request = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            if ("unix".equals(uri.getScheme())) {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(uri.getPath()));
                    channel.write(ByteBuffer.wrap(request));
                    return answeredOk(Channels.newInputStream(channel));
                }
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                return answeredOk(socket.getInputStream());
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean answeredOk(InputStream in) throws IOException {
        String answer = new String(in.readNBytes(512), StandardCharsets.US_ASCII);
        return answer.startsWith("HTTP/1.") && answer.contains(" 200 ") && answer.endsWith("OK");
    }
}
