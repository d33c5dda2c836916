package dev.relay.bumper.core;

import static dev.relay.bumper.core.GitOpsFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.Campaign;
import dev.relay.events.EventValidator;
import dev.relay.events.GitOpsReverted;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.Migrations;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.Rollback;
import dev.relay.events.RollbackRequested;
import dev.relay.events.RolloutRequested;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.InMemoryStageResults;
import dev.relay.events.stage.StageResults;
import dev.relay.events.stage.StageRunner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign's rollout on the stage runner, as the service wires it (the held-release rule over the stored outcomes),
 * against a real bare repository: what is written, committed and published, what is replayed, what is refused.
 */
class RolloutStageTest {

    private static final String MODEL = "hello-model";
    private static final String FILE = "apps/hello-model/deployment.yaml";
    private static final String OTHER = "apps/other/deployment.yaml";
    private static final String REPO = "https://git.example.com/models/hello-model.git";
    private static final Campaign CAMPAIGN = new Campaign("py313", "Python 3.13 on trixie", "relay/python-base:3.13",
            "promote==1.11", Campaign.Step.cutover);
    /** v2 as released, and as the campaign rebuilt it (with the registry digest, which the tag-only manifest does not get). */
    private static final String V2 = "r.io/team/hello-model:v2";
    private static final String REBUILT = "r.io/team/hello-model:v2-py313";
    private static final String DIGEST = "sha256:" + "d".repeat(64);

    @TempDir
    Path tmp;
    private Path bare;
    private Bumper bumper;
    private final List<RelayEvent> published = new ArrayList<>();
    private final List<String> runs = new ArrayList<>();

    @BeforeEach
    void seed() {
        bare = GitOpsFixture.seed(tmp, "gitops", Map.of(FILE, deployment("r.io/team/hello-model:v0"),
                OTHER, deployment("r.io/team/other:v1")));
        bumper = GitOpsFixture.bumper(bare, tmp.resolve("cache"));
    }

    private static String commit(int n) {
        return String.valueOf(n).repeat(40);
    }

    private void release(int n) {
        Release release = Release.of(MODEL, "v" + n, REPO, commit(n), "alice", Instant.parse("2026-11-01T10:00:00Z"));
        RelayEvent outcome = new StageRunner<>(new StageEvents(BumpStage.STAGE), BumpStage.releases(bumper), new InMemoryStageResults(),
                e -> { }).run(new ModelInfoMigrated(release, new Image("r.io/team/hello-model:v" + n, "sha256:" + "c".repeat(64),
                        null, 1, "relay/python-base:3.11"), new Migrations(List.of(), List.of(), "modelinfo", 0)));
        assertThat(outcome).isInstanceOf(GitOpsUpdated.class);
    }

    /** A rollout of v2 as env-migrator publishes it. */
    private static RolloutRequested rollout(String model, Campaign.Step step, String ref, String digest) {
        Release release = new Release(Campaign.releaseIdOf(model, "v2", CAMPAIGN.campaignId(), step), model, "v2", REPO, commit(2),
                "alice", Instant.parse("2026-11-01T10:00:00Z"));
        return new RolloutRequested(release, new Image(ref, "sha256:" + "e".repeat(64), digest, 1, CAMPAIGN.baseImage()),
                CAMPAIGN.at(step));
    }

    private static RolloutRequested cutover() {
        return rollout(MODEL, Campaign.Step.cutover, REBUILT, "r.io/team/hello-model@" + DIGEST);
    }

    private static RolloutRequested backToV2() {
        return rollout(MODEL, Campaign.Step.rollback, V2, null);
    }

    private StageRunner<RolloutRequested> runner(Bumper on, StageResults results) {
        return new StageRunner<>(new StageEvents(BumpStage.STAGE), new RolloutStage(on), new HeldReleasesWorkAgain(results, on),
                published::add, (stage, result, reason, millis) -> runs.add(stage + " " + result + " " + reason));
    }

    private StageRunner<RolloutRequested> runner() {
        return runner(bumper, new InMemoryStageResults());
    }

    private RelayEvent rollbackTo(String to, String suffix) {
        String id = Rollback.idOf(MODEL, to, suffix);
        return new StageRunner<>(new StageEvents(BumpStage.STAGE), new RollbackStage(bumper), new InMemoryStageResults(), e -> { })
                .run(new RollbackRequested(new Release(id, MODEL, to, REPO, commit(1), "ops", Instant.parse("2026-11-02T10:00:00Z")),
                        new Rollback(id, MODEL, null, to, "broken", false, List.of())));
    }

    private String file(String path) {
        return GitOpsFixture.read(bare, tmp.resolve("scratch-" + System.nanoTime()), path);
    }

    private List<String> timeline() {
        return published.stream().map(e -> e instanceof ReleaseStatus s ? s.state().name() : e.type().topic()).toList();
    }

    private int commits() {
        return GitOpsFixture.log(bare).size();
    }

    @Test
    void aCutoverWritesTheRebuiltImageByteExactlyAndPublishesTheCampaignBlock() {
        release(1);
        release(2);
        String before = file(FILE);
        String other = file(OTHER);

        RelayEvent outcome = runner().run(cutover());

        assertThat(timeline()).containsExactly("started", "gitops.updated", "succeeded");
        assertThat(runs).containsExactly("release-bumper succeeded none");
        assertThat(file(FILE)).isEqualTo(before.replace("image: " + V2 + "   # keep", "image: " + REBUILT + "   # keep"))
                .isEqualTo(deployment(REBUILT)).isNotEqualTo(before);
        assertThat(file(OTHER)).isEqualTo(other);
        RevCommit head = GitOpsFixture.log(bare).get(0);
        assertThat(head.getShortMessage()).isEqualTo("Bump hello-model to v2-py313");
        assertThat(head.getFooterLines("Relay-Release-Id")).containsExactly("hello-model@v2~campaign-py313.cutover");
        assertThat(head.getFooterLines("Relay-Campaign-Id")).containsExactly("py313");
        assertThat(head.getFooterLines("Relay-Source-Commit")).containsExactly(commit(2));
        assertThat(head.getFooterLines("Relay-Image")).containsExactly(REBUILT + "@" + DIGEST);
        assertThat(head.getFooterLines("Relay-Written-Image")).containsExactly(REBUILT);
        assertThat(head.getFooterLines("Relay-Previous-Image")).containsExactly(V2);
        assertThat(head.getFooterLines("Relay-Rollback")).isEmpty();
        assertThat(outcome).isInstanceOfSatisfying(GitOpsUpdated.class, u -> {
            assertThat(u.release()).isEqualTo(cutover().release());
            assertThat(u.image()).isEqualTo(cutover().image());
            assertThat(u.campaign()).isEqualTo(CAMPAIGN);
            assertThat(u.modelConfig()).isNull();
            assertThat(u.gitops().repoUrl()).isEqualTo(bare.toUri().toString());
            assertThat(u.gitops().branch()).isEqualTo("main");
            assertThat(u.gitops().commit()).isEqualTo(head.name());
            assertThat(u.gitops().files()).containsExactly(FILE);
            assertThat(u.gitops().from()).isEqualTo(V2);
            assertThat(u.gitops().to()).isEqualTo(REBUILT);
            assertThat(u.gitops().noop()).isFalse();
        });
        assertThat(EventValidator.validate(outcome)).as("what env-migrator decodes").isSameAs(outcome);
        assertThat(published.get(1)).isEqualTo(outcome);

        // The history reads the rollout as another image of v2, not as a release: a rollback still plans back to v1.
        DeployHistory history = bumper.deployHistory(MODEL);
        assertThat(history.current().orElseThrow()).satisfies(d -> {
            assertThat(d.releaseId()).isEqualTo("hello-model@v2");
            assertThat(d.version()).isEqualTo("v2");
            assertThat(d.image()).isEqualTo(REBUILT + "@" + DIGEST);
        });
        DeployHistory.Plan plan = history.plan(null);
        assertThat(plan.target().version()).isEqualTo("v1");
        assertThat(plan.undone()).extracting(DeployHistory.Deployed::releaseId).containsExactly("hello-model@v2");
    }

    @Test
    void aCampaignRollbackPutsThePreCampaignImageBack() {
        release(1);
        release(2);
        String before = file(FILE);
        runner().run(cutover());
        published.clear();

        RelayEvent outcome = runner().run(backToV2());

        assertThat(timeline()).containsExactly("started", "gitops.updated", "succeeded");
        assertThat(file(FILE)).isEqualTo(before);
        RevCommit head = GitOpsFixture.log(bare).get(0);
        assertThat(head.getFooterLines("Relay-Release-Id")).containsExactly("hello-model@v2~campaign-py313.rollback");
        assertThat(head.getFooterLines("Relay-Campaign-Id")).containsExactly("py313");
        assertThat(head.getFooterLines("Relay-Previous-Image")).containsExactly(REBUILT);
        assertThat(head.getFooterLines("Relay-Image")).containsExactly(V2);
        assertThat(outcome).isInstanceOfSatisfying(GitOpsUpdated.class, u -> {
            assertThat(u.campaign()).isEqualTo(CAMPAIGN.at(Campaign.Step.rollback));
            assertThat(u.release().releaseId()).isEqualTo("hello-model@v2~campaign-py313.rollback");
            assertThat(u.image().ref()).isEqualTo(V2);
            assertThat(u.gitops().commit()).isEqualTo(head.name());
            assertThat(u.gitops().from()).isEqualTo(REBUILT);
            assertThat(u.gitops().to()).isEqualTo(V2);
            assertThat(u.gitops().noop()).isFalse();
        });
        EventValidator.validate(outcome);
        assertThat(bumper.deployHistory(MODEL).current().orElseThrow().image()).isEqualTo(V2);
    }

    @Test
    void aReDeliveryCommitsNothingTwiceAndRePublishesTheSameGitOpsUpdated() {
        release(1);
        release(2);
        StageRunner<RolloutRequested> runner = runner(bumper, new InMemoryStageResults());
        GitOpsUpdated first = (GitOpsUpdated) runner.run(cutover());
        int commits = commits();
        published.clear();

        // the same instance remembers the outcome
        assertThat(runner.run(cutover())).isEqualTo(first);
        assertThat(timeline()).containsExactly("started", "gitops.updated", "succeeded");
        published.clear();

        // a restarted instance or another replica (nothing remembered, its own clone) finds the commit by its trailer
        RelayEvent fromGit = runner(GitOpsFixture.bumper(bare, tmp.resolve("cache-2")), new InMemoryStageResults()).run(cutover());
        assertThat(fromGit).isEqualTo(first);
        assertThat(timeline()).containsExactly("started", "gitops.updated", "succeeded");

        assertThat(commits()).isEqualTo(commits);
        assertThat(file(FILE)).isEqualTo(deployment(REBUILT));
        assertThat(runs).containsExactly("release-bumper succeeded none", "release-bumper replayed none",
                "release-bumper succeeded none");
    }

    @Test
    void aRolloutToTheImageAlreadyInTheFileSucceedsWithoutACommit() {
        release(1);
        release(2);
        // someone put the rebuilt image in by hand before the cutover
        String head = bumper.bump(BumpRequest.manual(MODEL, ImageRef.parse(REBUILT))).commit();
        int commits = commits();

        RelayEvent outcome = runner().run(cutover());

        assertThat(outcome).isInstanceOfSatisfying(GitOpsUpdated.class, u -> {
            assertThat(u.gitops().noop()).isTrue();
            assertThat(u.gitops().commit()).isEqualTo(head);
            assertThat(u.gitops().files()).isEmpty();
            assertThat(u.gitops().from()).isEqualTo(REBUILT);
            assertThat(u.gitops().to()).isEqualTo(REBUILT);
            assertThat(u.campaign()).isEqualTo(CAMPAIGN);
        });
        assertThat(commits()).isEqualTo(commits);
        assertThat(GitOpsFixture.log(bare)).noneMatch(c -> !c.getFooterLines("Relay-Campaign-Id").isEmpty());
        assertThat(timeline()).containsExactly("started", "gitops.updated", "succeeded");
    }

    @Test
    void aModelWithoutATargetFileFailsWithTheBumpsReason() {
        int commits = commits();

        RelayEvent outcome = runner().run(rollout("ghost-model", Campaign.Step.cutover, "r.io/team/ghost-model:v2-py313", null));

        assertThat(outcome).isInstanceOfSatisfying(ReleaseFailed.class, f -> {
            assertThat(f.stage()).isEqualTo("release-bumper");
            assertThat(f.reason()).isEqualTo(BumpFailure.NO_TARGET);
            assertThat(f.message()).isEqualTo("no reference to r.io/team/ghost-model (nor a '# relay: ghost-model' marker) in 2 YAML files of "
                    + bare.toUri() + "@main");
            assertThat(f.release().releaseId()).isEqualTo("ghost-model@v2~campaign-py313.cutover");
        });
        assertThat(timeline()).containsExactly("started", "release.failed", "failed");
        assertThat(runs).containsExactly("release-bumper failed gitops-no-target");
        assertThat(commits()).isEqualTo(commits);
    }

    @Test
    void neitherStepDeploysAHeldReleaseUntilItsHoldIsLifted() {
        release(1);
        release(2);
        rollbackTo("v1", "h1");
        String atV1 = file(FILE);
        int commits = commits();
        StageRunner<RolloutRequested> runner = runner();

        RelayEvent cutover = runner.run(cutover());
        RelayEvent back = runner.run(backToV2());

        for (RelayEvent refused : List.of(cutover, back)) {
            assertThat(refused).isInstanceOfSatisfying(ReleaseFailed.class, f -> {
                assertThat(f.reason()).isEqualTo(BumpFailure.HELD);
                assertThat(f.message()).contains("hello-model@v2 is held: hello-model@v1~rollback-h1 rolled it back")
                        .contains("DELETE /holds/hello-model/v2");
            });
        }
        assertThat(file(FILE)).isEqualTo(atV1);
        assertThat(commits()).isEqualTo(commits);

        // not remembered: once the hold is lifted, the same request goes through
        bumper.liftHold(MODEL, "hello-model@v2");
        assertThat(runner.run(cutover())).isInstanceOf(GitOpsUpdated.class);
        assertThat(file(FILE)).isEqualTo(deployment(REBUILT));
        assertThat(runs).containsExactly("release-bumper failed held", "release-bumper failed held", "release-bumper succeeded none");
    }

    @Test
    void aRollbackAcrossACutoverUndoesTheReleaseAndARedeliveredCutoverIsThenRefused() {
        release(1);
        release(2);
        StageRunner<RolloutRequested> runner = runner(bumper, new InMemoryStageResults());
        runner.run(cutover());

        RelayEvent rolledBack = rollbackTo("v1", "r1");

        assertThat(rolledBack).isInstanceOfSatisfying(GitOpsReverted.class, g -> {
            assertThat(g.rollback().from()).isEqualTo("v2");
            assertThat(g.rollback().releases()).extracting(Rollback.RolledBackRelease::releaseId).containsExactly("hello-model@v2");
            assertThat(g.rollback().releases().get(0).image()).isEqualTo(REBUILT + "@" + DIGEST);
            assertThat(g.gitops().from()).isEqualTo(REBUILT);
            assertThat(g.gitops().to()).isEqualTo("r.io/team/hello-model:v1");
        });
        assertThat(GitOpsFixture.log(bare).get(0).getFooterLines("Relay-Held")).containsExactly("hello-model@v2");
        String atV1 = file(FILE);
        int commits = commits();
        published.clear();

        // the outcome of the cutover is remembered, but its release is held now: refused, not re-published
        RelayEvent again = runner.run(cutover());

        assertThat(again).isInstanceOfSatisfying(ReleaseFailed.class, f -> assertThat(f.reason()).isEqualTo(BumpFailure.HELD));
        assertThat(timeline()).containsExactly("started", "release.failed", "failed");
        assertThat(file(FILE)).isEqualTo(atV1);
        assertThat(commits()).isEqualTo(commits);
    }
}
