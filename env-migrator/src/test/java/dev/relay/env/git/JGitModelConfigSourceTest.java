package dev.relay.env.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.relay.env.core.ConfigException;
import dev.relay.events.InvalidModelConfigException;
import dev.relay.events.ModelConfig;
import dev.relay.testkit.GitFixtures;
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

    @TempDir
    Path repos;

    @Test
    void readsRelayYamlAtEachCommitWithTheContractsParserAndClonesOnce() throws Exception {
        Path bare = GitFixtures.bareRepository(repos, "hello-model");
        String none;
        String v1;
        String v2;
        String bad;
        try (GitFixtures.WorkingCopy wc = GitFixtures.clone(bare, repos.resolve("work"))) {
            wc.write("requirements.txt", "promote==1.10\n");
            none = wc.commit("no relay.yaml");
            wc.write("relay.yaml", "model: hello-model\npython: \">=3.8,<3.12\"\nverify:\n  - python -c ok\n");
            v1 = wc.commit("v1");
            wc.push();
            wc.write("relay.yaml", "python: 3.11\nverify: echo two\n");
            v2 = wc.commit("v2");
            wc.write("relay.yaml", "verify:\n  - ok\n  - ''\n");
            bad = wc.commit("bad");
            wc.push();
        }
        JGitModelConfigSource source = new JGitModelConfigSource(cache, Duration.ofSeconds(10));
        String url = bare.toUri().toString();

        assertThat(source.load(url, none)).isEqualTo(ModelConfig.ABSENT);
        assertThat(source.load(url, v1)).isEqualTo(new ModelConfig(true, "hello-model", null, ">=3.8,<3.12",
                List.of("python -c ok"), false, "migrations"));
        assertThat(source.load(url, v2).python()).isEqualTo("3.11");
        assertThat(source.load(url, v2).verify()).containsExactly("echo two");
        assertThatThrownBy(() -> source.load(url, bad)).isInstanceOf(InvalidModelConfigException.class)
                .hasMessage("relay.yaml: 'verify[1]' must be a non-empty command string");
        assertThatThrownBy(() -> source.load(url, "9".repeat(40))).isInstanceOf(ConfigException.class)
                .hasMessage("commit " + "9".repeat(40) + " is not in " + url);
        try (var clones = java.nio.file.Files.list(cache)) {
            assertThat(clones.count()).as("one bare clone for the repository").isEqualTo(1);
        }
    }

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
