package dev.relay.builder.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.builder.core.BuildFailure;
import dev.relay.testkit.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JGitCheckoutTest {

    @TempDir
    Path tmp;

    Path bare;
    GitFixtures.WorkingCopy wc;
    JGitCheckout checkout;

    @BeforeEach
    void setUp() {
        bare = GitFixtures.bareRepository(tmp, "model");
        wc = GitFixtures.clone(bare, tmp.resolve("wc"));
        checkout = new JGitCheckout(tmp.resolve("cache"), Duration.ofSeconds(30));
    }

    private String url() {
        return bare.toUri().toString();
    }

    @Test
    void checksOutTheTaggedCommitShallowlyIntoAPlainFolder() throws Exception {
        wc.write("model.py", "v = 1\n").write("promote.sh", "echo hi\n").commit("one");
        wc.write("model.py", "v = 2\n").write("sub/data.txt", "d\n");
        String second = wc.commit("two");
        wc.tagAnnotated("v1", "release one").push();
        wc.git().getRepository().getFS().setExecute(wc.dir().resolve("promote.sh").toFile(), true);

        assertThat(checkout.resolveTag(url(), "v1")).as("the annotated tag, peeled").contains(second);
        checkout.checkout(url(), "v1", second, tmp.resolve("out"));

        assertThat(tmp.resolve("out/model.py")).hasContent("v = 2");
        assertThat(tmp.resolve("out/sub/data.txt")).exists();
        assertThat(tmp.resolve("out/.git")).doesNotExist();
        Path cache = checkout.cachedRepository(url());
        assertThat(cache.resolve("shallow")).as("fetched at depth 1").exists();
        try (Git git = Git.open(cache.toFile())) {
            assertThat(git.log().all().call()).hasSize(1);
        }
    }

    @Test
    void laterReleasesReuseTheCachedRepository() throws Exception {
        String one = wc.write("model.py", "v = 1\n").commit("one");
        wc.tagLightweight("v1").push();
        checkout.checkout(url(), "v1", one, tmp.resolve("out1"));
        Path cache = checkout.cachedRepository(url());
        long created = Files.getLastModifiedTime(cache.resolve("config")).toMillis();

        wc.write("model.py", "v = 2\n");
        String two = wc.commit("two");
        wc.tagLightweight("v2").push();
        checkout.checkout(url(), "v2", two, tmp.resolve("out2"));
        assertThat(tmp.resolve("out2/model.py")).hasContent("v = 2");
        assertThat(Files.getLastModifiedTime(cache.resolve("config")).toMillis()).isEqualTo(created);
        try (Git git = Git.open(cache.toFile())) {
            assertThat(git.getRepository().exactRef("refs/tags/v1")).isNotNull();
            assertThat(git.getRepository().exactRef("refs/tags/v2")).isNotNull();
        }
    }

    @Test
    void movedTagFailsBeforeAnythingIsFetched() {
        String one = wc.write("model.py", "v = 1\n").commit("one");
        wc.tagLightweight("v1").push();
        wc.write("model.py", "v = 2\n").commit("two");
        wc.retag("v1").push();

        assertThatThrownBy(() -> checkout.checkout(url(), "v1", one, tmp.resolve("out")))
                .isInstanceOfSatisfying(BuildFailure.class, f -> assertThat(f.reason()).isEqualTo("tag-moved"))
                .hasMessageContaining(one);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void unknownTagAndUnreachableRepositoryAreNamed() {
        String one = wc.write("model.py", "v = 1\n").commit("one");
        wc.tagLightweight("v1").push();
        assertThat(checkout.resolveTag(url(), "v9")).isEmpty();
        assertThat(checkout.resolveTag(url(), "v1")).contains(one);
        assertThatThrownBy(() -> checkout.checkout(url(), "v9", one, tmp.resolve("out")))
                .isInstanceOfSatisfying(BuildFailure.class, f -> assertThat(f.reason()).isEqualTo("unknown-tag"))
                .hasMessageContaining("'v9'");
        assertThatThrownBy(() -> checkout.resolveTag(tmp.resolve("nope.git").toUri().toString(), "v1"))
                .isInstanceOfSatisfying(BuildFailure.class, f -> assertThat(f.reason()).isEqualTo("repo-unreachable"))
                .hasMessageContaining("nope.git");
        assertThatThrownBy(() -> checkout.checkout(tmp.resolve("nope.git").toUri().toString(), "v1", one, tmp.resolve("out")))
                .isInstanceOfSatisfying(BuildFailure.class, f -> assertThat(f.reason()).isEqualTo("repo-unreachable"))
                .hasMessageContaining("nope.git");
    }

    @Test
    void credentialsInTheUrlNeverReachTheMessage() {
        assertThatThrownBy(() -> checkout.resolveTag("http://user:s3cret@127.0.0.1:1/x.git", "v1"))
                .isInstanceOfSatisfying(BuildFailure.class, f -> assertThat(f.reason()).isEqualTo("repo-unreachable"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").contains("http://***@127.0.0.1:1/x.git"));
    }
}
