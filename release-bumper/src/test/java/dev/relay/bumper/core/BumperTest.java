package dev.relay.bumper.core;

import static dev.relay.bumper.core.GitOpsFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bump against real git repositories on disk. */
class BumperTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    private BumpRequest release(String model, String image, String version) {
        return new BumpRequest(model, ImageRef.parse(image), version, model + "@" + version, SHA, false);
    }

    @Test
    void bumpCommitsOnlyTheTagWithTrailersAndPushes() {
        String original = deployment("r.io/team/hello:v0.0.11");
        Path bare = GitOpsFixture.seed(tmp, "gitops", Map.of("apps/hello/deployment.yml", original,
                "apps/other/deployment.yaml", deployment("r.io/team/other:v1")));
        Bumper bumper = GitOpsFixture.bumper(bare, tmp.resolve("cache"));

        BumpResult result = bumper.bump(release("hello", "r.io/team/hello:v0.0.12", "v0.0.12"));

        assertThat(result.noop()).isFalse();
        assertThat(result.replayed()).isFalse();
        assertThat(result.files()).containsExactly("apps/hello/deployment.yml");
        assertThat(result.from()).isEqualTo("r.io/team/hello:v0.0.11");
        assertThat(result.to()).isEqualTo("r.io/team/hello:v0.0.12");
        assertThat(GitOpsFixture.read(bare, tmp.resolve("check"), "apps/hello/deployment.yml"))
                .isEqualTo(original.replace("v0.0.11", "v0.0.12"));
        RevCommit head = GitOpsFixture.log(bare).get(0);
        assertThat(head.name()).isEqualTo(result.commit());
        assertThat(head.getShortMessage()).isEqualTo("Bump hello to v0.0.12");
        assertThat(head.getFooterLines("Relay-Release-Id")).containsExactly("hello@v0.0.12");
        assertThat(head.getFooterLines("Relay-Source-Commit")).containsExactly(SHA);
        assertThat(head.getAuthorIdent().getName()).isEqualTo("Relay Bot");
    }

    @Test
    void theSameReleaseTwiceMakesOneCommitAndReplaysTheResult() {
        Path bare = GitOpsFixture.seed(tmp, "gitops", Map.of("d.yaml", deployment("r.io/team/hello:v1")));
        Bumper bumper = GitOpsFixture.bumper(bare, tmp.resolve("cache"));

        BumpResult first = bumper.bump(release("hello", "r.io/team/hello:v2", "v2"));
        // a second service instance with its own cache sees the trailer as well
        BumpResult again = GitOpsFixture.bumper(bare, tmp.resolve("cache-2")).bump(release("hello", "r.io/team/hello:v2", "v2"));

        assertThat(GitOpsFixture.log(bare)).hasSize(2);
        assertThat(again.replayed()).isTrue();
        assertThat(again.commit()).isEqualTo(first.commit());
        assertThat(again.files()).isEqualTo(first.files());
        assertThat(again.from()).isEqualTo("r.io/team/hello:v1");
        assertThat(again.to()).isEqualTo("r.io/team/hello:v2");
    }

    @Test
    void alreadyAtTheTargetIsANoopWithoutCommit() {
        Path bare = GitOpsFixture.seed(tmp, "gitops", Map.of("d.yaml", deployment("r.io/team/hello:v2")));
        BumpResult result = GitOpsFixture.bumper(bare, tmp.resolve("cache")).bump(release("hello", "r.io/team/hello:v2", "v2"));
        assertThat(result.noop()).isTrue();
        assertThat(result.files()).isEmpty();
        assertThat(result.commit()).isEqualTo(GitOpsFixture.log(bare).get(0).name());
        assertThat(GitOpsFixture.log(bare)).hasSize(1);
    }

    @Test
    void anUnparsableFileThatMayHoldTheTargetFailsTheBumpAndIsNamed() {
        Path bare = GitOpsFixture.seed(tmp, "gitops", Map.of("good.yaml", deployment("r.io/team/hello:v1"),
                "broken.yaml", "image: r.io/team/hello:v1\nbad: [unclosed\n", "unrelated-broken.yaml", "{{ .Values }}: [\n"));
        assertThatThrownBy(() -> GitOpsFixture.bumper(bare, tmp.resolve("cache")).bump(release("hello", "r.io/team/hello:v2", "v2")))
                .isInstanceOfSatisfying(BumpFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(BumpFailure.UNPARSABLE);
                    assertThat(f.getMessage()).contains("broken.yaml").doesNotContain("unrelated-broken.yaml");
                });
        assertThat(GitOpsFixture.log(bare)).hasSize(1);
    }

    /** Adds a file with exactly these bytes (not UTF-8 text) to the main branch. */
    private void addRaw(Path bare, String path, byte[] bytes) {
        try (dev.relay.testkit.GitFixtures.WorkingCopy wc = dev.relay.testkit.GitFixtures.clone(bare, tmp.resolve("raw-" + path))) {
            java.nio.file.Files.write(wc.dir().resolve(path), bytes);
            wc.commit("add " + path);
            wc.push();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aLatin1FileThatCannotHoldTheTargetDoesNotBlockABump() {
        Path bare = GitOpsFixture.seed(tmp, "gitops", Map.of("apps/hello/d.yaml", deployment("r.io/team/hello:v1")));
        addRaw(bare, "legacy.yaml", "description: Gr\u00fc\u00dfe aus K\u00f6ln\nimage: r.io/team/other:v1\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        BumpResult result = GitOpsFixture.bumper(bare, tmp.resolve("cache")).bump(release("hello", "r.io/team/hello:v2", "v2"));

        assertThat(result.files()).containsExactly("apps/hello/d.yaml");
        assertThat(GitOpsFixture.read(bare, tmp.resolve("check"), "apps/hello/d.yaml")).isEqualTo(deployment("r.io/team/hello:v2"));
    }

    @Test
    void aLatin1FileThatMayHoldTheTargetStillFailsTheBump() {
        Path bare = GitOpsFixture.seed(tmp, "gitops", Map.of("apps/hello/d.yaml", deployment("r.io/team/hello:v1")));
        addRaw(bare, "legacy.yaml", "# K\u00f6ln\nimage: r.io/team/hello:v1\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> GitOpsFixture.bumper(bare, tmp.resolve("cache")).bump(release("hello", "r.io/team/hello:v2", "v2")))
                .isInstanceOfSatisfying(BumpFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(BumpFailure.UNPARSABLE);
                    assertThat(f.getMessage()).contains("legacy.yaml");
                });
        assertThat(GitOpsFixture.log(bare)).hasSize(2);
    }

    @Test
    void noReferenceAnywhereIsNoTarget() {
        Path bare = GitOpsFixture.seed(tmp, "gitops", Map.of("d.yaml", deployment("r.io/team/other:v1")));
        assertThatThrownBy(() -> GitOpsFixture.bumper(bare, tmp.resolve("cache")).bump(release("hello", "r.io/team/hello:v2", "v2")))
                .isInstanceOfSatisfying(BumpFailure.class, f -> assertThat(f.reason()).isEqualTo(BumpFailure.NO_TARGET));
    }

    @Test
    void pathGlobsLimitTheFilesOfAModel() {
        Path bare = GitOpsFixture.seed(tmp, "gitops", Map.of("apps/hello/d.yaml", deployment("r.io/team/hello:v1"),
                "staging/hello/d.yaml", deployment("r.io/team/hello:v1")));
        Bumper bumper = new Bumper(GitOpsFixture.repository(bare.toUri().toString(), tmp.resolve("cache"), null, null),
                new CommitTemplate("Bump {model} to {version}"), GitOpsFixture.RELAY,
                new RetryPolicy(1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1)),
                Map.of("hello", List.of("apps/**")));
        assertThat(bumper.bump(BumpRequest.manual("hello", ImageRef.parse("r.io/team/hello:v2"))).files())
                .containsExactly("apps/hello/d.yaml");
    }

    @Test
    void rollbackSetsTheImageBeforeTheCurrentAndHistoryTellsTheStory() {
        Path bare = GitOpsFixture.seed(tmp, "gitops", Map.of("d.yaml", deployment("r.io/team/hello:v1")));
        Bumper bumper = GitOpsFixture.bumper(bare, tmp.resolve("cache"));
        bumper.bump(release("hello", "r.io/team/hello:v2", "v2"));
        bumper.bump(release("hello", "r.io/team/hello:v3", "v3"));

        BumpResult back = bumper.rollback("hello");
        assertThat(back.from()).isEqualTo("r.io/team/hello:v3");
        assertThat(back.to()).isEqualTo("r.io/team/hello:v2");
        BumpResult backAgain = bumper.rollback("hello");
        assertThat(backAgain.to()).isEqualTo("r.io/team/hello:v1");
        assertThatThrownBy(() -> bumper.rollback("hello"))
                .isInstanceOfSatisfying(BumpFailure.class, f -> assertThat(f.reason()).isEqualTo(BumpFailure.NO_PREVIOUS));

        List<BumpRecord> history = bumper.history("hello");
        assertThat(history).extracting(BumpRecord::to)
                .containsExactly("r.io/team/hello:v1", "r.io/team/hello:v2", "r.io/team/hello:v3", "r.io/team/hello:v2");
        assertThat(history).extracting(BumpRecord::rollback).containsExactly(true, true, false, false);
        assertThat(history.get(3).releaseId()).isEqualTo("hello@v2");
        assertThat(history.get(3).files()).containsExactly("d.yaml");
        assertThat(GitOpsFixture.read(bare, tmp.resolve("check"), "d.yaml")).isEqualTo(deployment("r.io/team/hello:v1"));
    }

    @Test
    void previousImageReplaysBumpsAndRollbacks() {
        BumpRecord v2 = new BumpRecord("c1", null, "a", "m", null, null, "r/m:v1", "r/m:v2", false, List.of());
        BumpRecord v3 = new BumpRecord("c2", null, "a", "m", null, null, "r/m:v2", "r/m:v3", false, List.of());
        BumpRecord rb = new BumpRecord("c3", null, "a", "m", null, null, "r/m:v3", "r/m:v2", true, List.of());
        assertThat(Bumper.previousImage(List.of(v3, v2))).map(Object::toString).contains("r/m:v2");
        assertThat(Bumper.previousImage(List.of(rb, v3, v2))).map(Object::toString).contains("r/m:v1");
        assertThat(Bumper.previousImage(List.of(v2))).map(Object::toString).contains("r/m:v1");
        assertThat(Bumper.previousImage(List.of())).isEmpty();
    }
}
