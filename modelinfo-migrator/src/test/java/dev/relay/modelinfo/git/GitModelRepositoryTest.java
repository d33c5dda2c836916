package dev.relay.modelinfo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.relay.modelinfo.core.CommitFiles;
import dev.relay.modelinfo.core.CommitRef;
import dev.relay.modelinfo.core.MigrationException;
import dev.relay.modelinfo.support.Runbook;
import dev.relay.testkit.GitFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads files at a commit of real git repositories, through one shallow fetch into a cached bare repository. */
class GitModelRepositoryTest {

    @TempDir
    Path tmp;

    private String v1;
    private String middle;
    private String v2;

    /** main: v1 (tagged v1) -> middle (untagged) -> v2 (tagged v2, annotated). */
    private Path remote(String name) {
        Path remote = GitFixtures.bareRepository(tmp, name);
        try (var wc = GitFixtures.clone(remote, tmp.resolve(name + "-wc"))) {
            wc.write("relay.yaml", "model: " + name + "\n")
                    .write("migrations/" + Runbook.FILE, Runbook.JSON)
                    .write("migrations/README.md", "not a migration")
                    .write("migrations/old/1700000000000_archived.json", "{}");
            v1 = wc.commit("v1");
            wc.tagLightweight("v1");
            wc.write("migrations/1700000000005_middle.json", "{\"up\": [], \"down\": []}");
            middle = wc.commit("middle");
            wc.write("migrations/1700000000009_later.yaml", "up: []\ndown: []\n");
            v2 = wc.commit("v2");
            wc.tagAnnotated("v2", "release v2").push();
        }
        return remote;
    }

    @Test
    void aReleaseFetchesOnlyItsTagOneCommitDeepAndReadsTheTree() throws IOException {
        String url = remote("hello-model").toUri().toString();
        var repository = new GitModelRepository(tmp.resolve("cache"));

        try (CommitFiles files = repository.open(new CommitRef(url, v1, "v1"))) {
            assertThat(text(files.file("relay.yaml").orElseThrow())).isEqualTo("model: hello-model\n");
            assertThat(files.file("migrations")).isEmpty();
            assertThat(files.file("absent.txt")).isEmpty();
            assertThat(files.folder("migrations", n -> true).keySet()).containsExactly(Runbook.FILE, "README.md");
            assertThat(text(files.folder("migrations", n -> n.endsWith(".json")).get(Runbook.FILE))).isEqualTo(Runbook.JSON);
            assertThat(files.folder("nowhere", n -> true)).isEmpty();
        }

        // What the fetch brought: the one tag, no branch, and only the tagged commit (depth 1).
        try (Git cache = Git.open(repository.cacheOf(url).toFile())) {
            assertThat(cache.getRepository().getRefDatabase().getRefs()).extracting(Ref::getName).containsExactly("refs/tags/v1");
            assertThat(cache.getRepository().getObjectDatabase().getShallowCommits()).extracting(ObjectId::name).containsExactly(v1);
            assertThat(cache.getRepository().getObjectDatabase().has(ObjectId.fromString(middle))).isFalse();
            assertThat(cache.getRepository().getObjectDatabase().has(ObjectId.fromString(v2))).isFalse();
        }
    }

    @Test
    void anAnnotatedTagIsPeeledAndACachedReleaseNeedsNoNetwork() throws IOException {
        Path remote = remote("m-cached");
        String url = remote.toUri().toString();
        var repository = new GitModelRepository(tmp.resolve("cache"));
        read(repository, new CommitRef(url, v2, "v2"), files ->
                assertThat(files.folder("migrations", n -> n.startsWith("17")).keySet())
                        .containsExactly(Runbook.FILE, "1700000000005_middle.json", "1700000000009_later.yaml"));

        // The server is gone: the cached tag and commit still answer, anything else cannot be fetched.
        Files.move(remote, tmp.resolve("gone.git"));
        read(repository, new CommitRef(url, v2, "v2"), files -> assertThat(files.file("relay.yaml")).isPresent());
        assertThatThrownBy(() -> repository.open(new CommitRef(url, v1, "v1")))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("checkout-failed"))
                .hasMessageContaining("could not fetch tag 'v1' from " + url);
    }

    @Test
    void aTagThatNoLongerPointsAtTheReleasedCommitFailsWithTagMoved() {
        Path remote = remote("m-moved");
        String url = remote.toUri().toString();
        try (var wc = GitFixtures.clone(remote, tmp.resolve("mover"))) {
            wc.write("x", "moved").commit("after v2");
            wc.retag("v1").push();
        }
        String movedTo;
        try (Git server = Git.open(remote.toFile())) {
            movedTo = server.getRepository().exactRef("refs/tags/v1").getObjectId().name();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        var repository = new GitModelRepository(tmp.resolve("cache"));

        for (int attempt = 0; attempt < 2; attempt++) { // once from the server, once with the moved tag cached
            assertThatThrownBy(() -> repository.open(new CommitRef(url, v1, "v1")))
                    .isInstanceOfSatisfying(MigrationException.class, e -> {
                        assertThat(e.reason()).isEqualTo("tag-moved");
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessage("tag 'v1' now points at " + movedTo + ", not at the released commit " + v1 + " in " + url
                            + "; nothing was migrated");
        }
    }

    @Test
    void withoutATagTheCommitItselfIsFetchedOneCommitDeep() throws IOException {
        String url = remote("m-by-id").toUri().toString();
        var repository = new GitModelRepository(tmp.resolve("cache"));

        read(repository, new CommitRef(url, middle, null), files ->
                assertThat(files.folder("migrations", n -> n.startsWith("17")).keySet())
                        .containsExactly(Runbook.FILE, "1700000000005_middle.json"));

        try (Git cache = Git.open(repository.cacheOf(url).toFile())) {
            assertThat(cache.getRepository().getObjectDatabase().getShallowCommits()).extracting(ObjectId::name).containsExactly(middle);
            assertThat(cache.getRepository().getRefDatabase().getRefsByPrefix("refs/tags/")).isEmpty();
        }
    }

    @Test
    void anUnknownCommitOrTagOrAnUnreachableServerFailsWithoutCredentials() {
        String url = remote("m-unknown").toUri().toString();
        var repository = new GitModelRepository(tmp.resolve("cache"));
        String unknown = "0123456789012345678901234567890123456789";

        assertThatThrownBy(() -> repository.open(new CommitRef(url, unknown, null)))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("checkout-failed"))
                .hasMessageContaining("commit " + unknown);
        assertThatThrownBy(() -> repository.open(new CommitRef(url, v1, "v9")))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("checkout-failed"))
                .hasMessageContaining("could not fetch tag 'v9' from " + url);
        assertThatThrownBy(() -> repository.open(new CommitRef(url, "abc", "v1")))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("checkout-failed"))
                .hasMessage("'abc' is not a commit id");
        assertThatThrownBy(() -> repository.open(new CommitRef("https://user:s3cret@127.0.0.1:1/nope.git", v1, "v1")))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("checkout-failed"))
                .hasMessageContaining("https://***@127.0.0.1:1/nope.git")
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
                } catch (IOException closed) {
                    // the test is over
                }
            }, "hung-git-server");
            acceptor.setDaemon(true);
            acceptor.start();
            var repository = new GitModelRepository(tmp.resolve("cache"), Duration.ofSeconds(1));
            String url = "http://127.0.0.1:" + hung.getLocalPort() + "/hello-model.git";

            long started = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                    () -> repository.open(new CommitRef(url, "0123456789012345678901234567890123456789", "v1")))
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
        assertThatThrownBy(() -> new GitModelRepository(tmp.resolve("cache"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void read(GitModelRepository repository, CommitRef ref, Consumer<CommitFiles> check) {
        try (CommitFiles files = repository.open(ref)) {
            check.accept(files);
        }
    }

    private static String text(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }
}
