package dev.relay.bumper.core;

import static dev.relay.bumper.core.GitOpsFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.StageEvents;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.events.stage.InMemoryStageResults;
import dev.relay.events.stage.StageResults;
import dev.relay.events.stage.StageRunner;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage on the stage runner, plain Java, against a real bare repository: what is published, what is replayed. */
class BumpStageTest {

    private static final ModelInfoMigrated GOLDEN = GoldenEvents.event(ModelInfoMigrated.class);
    private static final String BEFORE = "registry.local:5000/hello-model:v0.0.10";
    /** The golden event's image pinned to its digest: what the release asks for (trailer Relay-Image). */
    private static final String REQUESTED = "registry.local:5000/hello-model:v0.0.11@sha256:" + "b".repeat(64);
    /** What is written into a manifest that references the image by tag: the tag stays a tag. */
    private static final String AFTER = "registry.local:5000/hello-model:v0.0.11";
    private static final String FILE = "apps/hello-model/deployment.yaml";

    @TempDir
    Path tmp;
    private Path bare;
    private final List<RelayEvent> published = new ArrayList<>();
    private final List<String> runs = new ArrayList<>();

    @BeforeEach
    void seed() {
        bare = GitOpsFixture.seed(tmp, "gitops", Map.of(FILE, deployment(BEFORE), "apps/other/d.yaml", deployment("r.io/other:v1")));
    }

    private StageRunner<ModelInfoMigrated> runner(BumpStage stage, StageResults results) {
        return new StageRunner<>(new StageEvents(BumpStage.STAGE), stage, results, published::add,
                (stageName, result, reason, millis) -> runs.add(stageName + " " + result + " " + reason));
    }

    private StageRunner<ModelInfoMigrated> replica(String cache, StageResults results) {
        return runner(BumpStage.releases(GitOpsFixture.bumper(bare, tmp.resolve(cache))), results);
    }

    private List<String> timeline() {
        return published.stream().map(e -> e instanceof ReleaseStatus s ? s.state().name() : e.type().topic()).toList();
    }

    private List<RevCommit> bumps() {
        return GitOpsFixture.log(bare).stream().filter(c -> !c.getFooterLines("Relay-Model").isEmpty()).toList();
    }

    @Test
    void aReleaseIsBumpedAndGitOpsUpdatedCarriesTheEventForward() {
        RelayEvent outcome = replica("cache", new InMemoryStageResults()).run(GOLDEN);

        assertThat(timeline()).containsExactly("started", "gitops.updated", "succeeded");
        RevCommit commit = bumps().get(0);
        assertThat(outcome).isInstanceOfSatisfying(GitOpsUpdated.class, u -> {
            assertThat(u.release()).isEqualTo(GOLDEN.release());
            assertThat(u.image()).isEqualTo(GOLDEN.image());
            assertThat(u.modelConfig()).isEqualTo(GOLDEN.modelConfig()).isNotNull();
            assertThat(u.gitops().repoUrl()).isEqualTo(bare.toUri().toString());
            assertThat(u.gitops().branch()).isEqualTo("main");
            assertThat(u.gitops().commit()).isEqualTo(commit.name());
            assertThat(u.gitops().files()).containsExactly(FILE);
            assertThat(u.gitops().from()).isEqualTo(BEFORE);
            assertThat(u.gitops().to()).isEqualTo(AFTER);
            assertThat(u.gitops().noop()).isFalse();
        });
        assertThat(published.get(1)).isEqualTo(outcome);
        assertThat(commit.getFooterLines("Relay-Release-Id")).containsExactly("hello-model@v0.0.11");
        assertThat(commit.getFooterLines("Relay-Source-Commit")).containsExactly(GOLDEN.release().commit());
        assertThat(commit.getFooterLines("Relay-Image")).containsExactly(REQUESTED);
        assertThat(commit.getFooterLines("Relay-Written-Image")).containsExactly(AFTER);
        assertThat(GitOpsFixture.read(bare, tmp.resolve("check"), FILE)).isEqualTo(deployment(AFTER));
        assertThat(runs).containsExactly("release-bumper succeeded none");
    }

    @Test
    void aReDeliveryPublishesTheSameThreeEventsAndCommitsNothingTwice() {
        InMemoryStageResults results = new InMemoryStageResults();
        GitOpsUpdated first = (GitOpsUpdated) replica("cache", results).run(GOLDEN);
        published.clear();

        // the same instance remembers the outcome
        RelayEvent again = replica("cache", results).run(GOLDEN);
        assertThat(again).isEqualTo(first);
        assertThat(timeline()).containsExactly("started", "gitops.updated", "succeeded");
        published.clear();

        // a restarted instance or another replica (nothing remembered, its own clone) finds the trailer
        GitOpsUpdated fromGit = (GitOpsUpdated) replica("cache-2", new InMemoryStageResults()).run(GOLDEN);
        assertThat(timeline()).containsExactly("started", "gitops.updated", "succeeded");
        assertThat(fromGit.gitops()).isEqualTo(first.gitops());
        assertThat(fromGit.modelConfig()).isEqualTo(GOLDEN.modelConfig());

        assertThat(bumps()).hasSize(1);
        assertThat(runs).containsExactly("release-bumper succeeded none", "release-bumper replayed none",
                "release-bumper succeeded none");
    }

    @Test
    void anEventFromAnOlderProducerWithoutModelConfigIsStillBumped() {
        EventCodec codec = new EventCodec();
        ModelInfoMigrated older = codec.decode(ModelInfoMigrated.class,
                GoldenEvents.without(GoldenEvents.json(EventType.MODELINFO_MIGRATED), "modelConfig"));

        GitOpsUpdated updated = (GitOpsUpdated) replica("cache", new InMemoryStageResults()).run(older);

        assertThat(updated.modelConfig()).isNull();
        assertThat(updated.gitops().to()).isEqualTo(AFTER);
    }

    @Test
    void aFailureIsPublishedAndRememberedSoARedeliveryRepublishesIt() {
        ModelInfoMigrated noTarget = new ModelInfoMigrated(GOLDEN.release(), new Image("r.io/team/ghost:v1",
                "sha256:" + "a".repeat(64), null, 1, null), GOLDEN.migrations(), GOLDEN.modelConfig());
        InMemoryStageResults results = new InMemoryStageResults();
        StageRunner<ModelInfoMigrated> runner = replica("cache", results);

        ReleaseFailed failed = (ReleaseFailed) runner.run(noTarget);
        ReleaseFailed replayed = (ReleaseFailed) runner.run(noTarget);

        assertThat(failed.reason()).isEqualTo(BumpFailure.NO_TARGET);
        assertThat(failed.message()).isEqualTo("no reference to r.io/team/ghost (nor a '# relay: hello-model' marker) in 2 YAML files of "
                + bare.toUri() + "@main");
        assertThat(replayed).isEqualTo(failed);
        assertThat(timeline()).containsExactly("started", "release.failed", "failed", "started", "release.failed", "failed");
        assertThat(runs).containsExactly("release-bumper failed gitops-no-target", "release-bumper replayed gitops-no-target");
        assertThat(results.size()).isEqualTo(1);
    }

    @Test
    void anImageRefThatIsNotAReferenceFailsWithoutTouchingGit() {
        ModelInfoMigrated bad = new ModelInfoMigrated(GOLDEN.release(), new Image("Not An Image!", "sha256:" + "a".repeat(64), null, 1, null),
                GOLDEN.migrations(), GOLDEN.modelConfig());

        ReleaseFailed failed = (ReleaseFailed) replica("cache", new InMemoryStageResults()).run(bad);

        assertThat(failed.reason()).isEqualTo(BumpFailure.INVALID_IMAGE);
        assertThat(failed.message()).isEqualTo("image.ref 'Not An Image!' is not an image reference");
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    @Test
    void withoutARepositoryEveryReleaseFailsAsNotConfigured() {
        Bumper bumper = new Bumper(GitOpsRepository.notConfigured(), new CommitTemplate("x"), GitOpsFixture.RELAY,
                new RetryPolicy(1, Duration.ZERO, Duration.ZERO), Map.of());

        ReleaseFailed failed = (ReleaseFailed) runner(BumpStage.releases(bumper), new InMemoryStageResults()).run(GOLDEN);

        assertThat(failed.reason()).isEqualTo(BumpFailure.NOT_CONFIGURED);
        assertThat(failed.message()).isEqualTo("relay.gitops.repo-url is not set");
    }

    @Test
    void anUnexpectedErrorIsAnInternalErrorWithoutItsText() {
        GitOpsRepository broken = (GitOpsRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {GitOpsRepository.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("https://relay:hunter2@git.example/gitops.git went away");
                });
        Bumper bumper = new Bumper(broken, new CommitTemplate("x"), GitOpsFixture.RELAY,
                new RetryPolicy(1, Duration.ZERO, Duration.ZERO), Map.of());
        InMemoryStageResults results = new InMemoryStageResults();

        ReleaseFailed failed = (ReleaseFailed) runner(BumpStage.releases(bumper), results).run(GOLDEN);

        assertThat(failed.reason()).isEqualTo("internal-error");
        assertThat(failed.message()).contains("IllegalStateException").doesNotContain("hunter2").doesNotContain("git.example");
        assertThat(results.size()).isZero();
    }

    @Test
    void aBumpByHandCarriesNoReleaseTrailersAndActsOnTheBranchAsItIs() {
        StageRunner<ModelInfoMigrated> byHand = runner(BumpStage.byHand(GitOpsFixture.bumper(bare, tmp.resolve("cache"))),
                StageResults.none());

        GitOpsUpdated first = (GitOpsUpdated) byHand.run(GOLDEN);
        GitOpsUpdated second = (GitOpsUpdated) byHand.run(GOLDEN);

        assertThat(first.gitops().noop()).isFalse();
        assertThat(second.gitops().noop()).isTrue();
        assertThat(second.gitops().files()).isEmpty();
        assertThat(second.gitops().commit()).isEqualTo(first.gitops().commit());
        RevCommit commit = bumps().get(0);
        assertThat(commit.getFooterLines("Relay-Release-Id")).isEmpty();
        assertThat(commit.getFooterLines("Relay-Source-Commit")).isEmpty();
        assertThat(commit.getFooterLines("Relay-Image")).containsExactly(REQUESTED);
        assertThat(commit.getFooterLines("Relay-Written-Image")).containsExactly(AFTER);
        assertThat(bumps()).hasSize(1);
    }
}
