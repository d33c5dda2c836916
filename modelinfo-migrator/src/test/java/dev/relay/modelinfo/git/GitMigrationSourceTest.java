package dev.relay.modelinfo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.relay.modelinfo.migration.Migration;
import dev.relay.modelinfo.migration.MigrationException;
import dev.relay.modelinfo.migration.MigrationParser;
import dev.relay.modelinfo.support.Runbook;
import dev.relay.testkit.GitFixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads migrations from real git repositories at a given commit, through a cached bare repository. */
class GitMigrationSourceTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheMigrationsAtTheReleaseCommitOnly() {
        Path remote = GitFixtures.bareRepository(tmp, "hello-model");
        String v1;
        String v2;
        try (var wc = GitFixtures.clone(remote, tmp.resolve("wc"))) {
            wc.write("requirements.txt", "promote==1.10\n")
                    .write("migrations/" + Runbook.FILE, Runbook.JSON)
                    .write("migrations/README.md", "not a migration");
            v1 = wc.commit("v1");
            wc.tagLightweight("v1").push();
            wc.write("migrations/1700000000009_later.yaml", "up: []\ndown: []\n");
            v2 = wc.commit("v2");
            wc.push();
        }
        var source = new GitMigrationSource(tmp.resolve("cache"), new MigrationParser());
        String url = remote.toUri().toString();

        assertThat(source.read(url, v1)).extracting(Migration::id).containsExactly(Runbook.ID);
        assertThat(source.read(url, v2)).extracting(Migration::id).containsExactly(Runbook.ID, "1700000000009_later");
        assertThat(source.read(url, v1).get(0).checksum()).isEqualTo(Runbook.migration().checksum());
    }

    @Test
    void relayYamlNamesAnotherFolderAndARepositoryWithoutMigrationsHasNone() {
        Path remote = GitFixtures.bareRepository(tmp, "m2");
        String withDir;
        String without;
        try (var wc = GitFixtures.clone(remote, tmp.resolve("wc"))) {
            wc.write("README.md", "x");
            without = wc.commit("nothing");
            wc.write("relay.yaml", "model: m2\nmigrations:\n  dir: db/modelinfo\n")
                    .write("db/modelinfo/" + Runbook.FILE, Runbook.JSON)
                    .write("migrations/1700000000001_ignored.json", "{\"up\": [], \"down\": []}");
            withDir = wc.commit("dir");
            wc.push();
        }
        var source = new GitMigrationSource(tmp.resolve("cache"), new MigrationParser());

        assertThat(source.read(remote.toUri().toString(), without)).isEmpty();
        assertThat(source.read(remote.toUri().toString(), withDir)).extracting(Migration::id).containsExactly(Runbook.ID);
    }

    @Test
    void anInvalidFileOrAnUnknownCommitFailsClearly() {
        Path remote = GitFixtures.bareRepository(tmp, "m3");
        String bad;
        try (var wc = GitFixtures.clone(remote, tmp.resolve("wc"))) {
            wc.write("migrations/1700000000000_js.json",
                    "{\"up\": [{\"updateMany\": {\"filter\": {\"$where\": \"1\"}, \"update\": {\"$set\": {\"a\": 1}}}}], \"down\": []}");
            bad = wc.commit("bad");
            wc.push();
        }
        var source = new GitMigrationSource(tmp.resolve("cache"), new MigrationParser());
        String url = remote.toUri().toString();

        assertThatThrownBy(() -> source.read(url, bad))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("migration-invalid"))
                .hasMessageContaining("1700000000000_js.json: up[0] updateMany: $where is not allowed");
        assertThatThrownBy(() -> source.read(url, "0123456789012345678901234567890123456789"))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("checkout-failed"));
        assertThatThrownBy(() -> source.read("https://user:s3cret@127.0.0.1:1/nope.git", bad))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("checkout-failed"))
                .message().doesNotContain("s3cret");
    }

    @Test
    void aGitServerThatNeverAnswersFailsTheFetchAfterTheTimeout() throws Exception {
        // Accepts connections and then says nothing: without a timeout the fetch would block forever.
        // HTTP(S) as the model repositories are served; JGit applies the timeout as socket connect/read timeouts.
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(hung.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "hung-git-server");
            acceptor.setDaemon(true);
            acceptor.start();
            var source = new GitMigrationSource(tmp.resolve("cache"), new MigrationParser(), Duration.ofSeconds(1));
            String url = "http://127.0.0.1:" + hung.getLocalPort() + "/hello-model.git";

            long started = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                    () -> source.read(url, "0123456789012345678901234567890123456789"))
                    .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("checkout-failed")));
            assertThat(accepted).isNotEmpty(); // it did connect, and then gave up waiting for an answer
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void aTimeoutOfZeroIsRefusedBecauseJGitWouldReadItAsNone() {
        assertThatThrownBy(() -> new GitMigrationSource(tmp.resolve("cache"), new MigrationParser(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
