package dev.relay.env.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.relay.env.core.ConfigException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JGitModelConfigSourceTest {

    @TempDir
    Path cache;

    /** A git server that accepts connections and never answers: without a timeout the clone would wait forever. */
    @Test
    void aHungGitServerFailsAtTheTimeoutInsteadOfStallingTheConsumer() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept()); // held open, never written to
                    }
                } catch (Exception closed) {
                    // the server socket was closed: the test is over
                }
            }, "hung-git-server");
            acceptor.setDaemon(true);
            acceptor.start();
            JGitModelConfigSource source = new JGitModelConfigSource(cache, Duration.ofSeconds(1));
            String url = "http://user:s3cret@127.0.0.1:" + server.getLocalPort() + "/model.git";
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> source.load(url, "a".repeat(40)))
                            .isInstanceOf(ConfigException.class)
                            .hasMessageContaining("could not read relay.yaml from http://***@127.0.0.1:")
                            .hasMessageNotContaining("s3cret"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(accepted).as("the clone reached the server").isNotEmpty();
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
