package dev.relay.bumper.core;

import static dev.relay.bumper.core.GitOpsFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.GitOpsReverted;
import dev.relay.events.Image;
import dev.relay.events.Migrations;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.Rollback;
import dev.relay.events.RollbackRequested;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.InMemoryStageResults;
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

/** Planning from the GitOps history, the rollback commit, the dry run, the holds: on a real bare repository. */
class RollbackStageTest {

    private static final String FILE = "apps/hello-model/deployment.yaml";
    private static final String REPO = "https://git.example.com/models/hello-model.git";

    @TempDir
    Path tmp;
    private Path bare;
    private Bumper bumper;
    private final List<RelayEvent> published = new ArrayList<>();

    @BeforeEach
    void seed() {
        bare = GitOpsFixture.seed(tmp, "gitops", Map.of(FILE, deployment("r.io/hello-model:v0")));
        bumper = GitOpsFixture.bumper(bare, tmp.resolve("cache"));
    }

    private static String commit(int n) {
        return String.valueOf(n).repeat(40);
    }

    private static ModelInfoMigrated migrated(int n, List<String> irreversible) {
        Release release = Release.of("hello-model", "v" + n, REPO, commit(n), "alice", Instant.parse("2026-11-01T10:00:00Z"));
        return new ModelInfoMigrated(release, new Image("r.io/hello-model:v" + n, "sha256:" + "c".repeat(64), null, 1, "base"),
                new Migrations(List.of("m" + n), List.of(), "modelinfo", 1, irreversible));
    }

    private RelayEvent release(int n, List<String> irreversible) {
        return new StageRunner<>(new StageEvents(BumpStage.STAGE), BumpStage.releases(bumper), new InMemoryStageResults(),
                published::add).run(migrated(n, irreversible));
    }

    private static RollbackRequested request(String to, String suffix, boolean dryRun) {
        String id = Rollback.idOf("hello-model", to, suffix);
        return new RollbackRequested(new Release(id, "hello-model", to, REPO, commit(Integer.parseInt(to.substring(1))), "ops",
                Instant.parse("2026-11-02T10:00:00Z")), new Rollback(id, "hello-model", null, to, "broken", dryRun, List.of()));
    }

    private RelayEvent rollback(RollbackRequested request) {
        return new StageRunner<>(new StageEvents(BumpStage.STAGE), new RollbackStage(bumper), new InMemoryStageResults(),
                published::add).run(request);
    }

    private String file() {
        return GitOpsFixture.read(bare, tmp.resolve("scratch-" + System.nanoTime()), FILE);
    }

    @Test
    void aRollbackPutsTheTargetImageBackCommitsWithTrailersAndHoldsWhatItUndid() {
        release(1, List.of());
        String afterV1 = file();
        release(2, List.of());
        release(3, List.of());

        RelayEvent outcome = rollback(request("v1", "a1", false));

        assertThat(outcome).isInstanceOfSatisfying(GitOpsReverted.class, g -> {
            assertThat(g.rollback().from()).isEqualTo("v3");
            assertThat(g.rollback().releases()).extracting(Rollback.RolledBackRelease::releaseId)
                    .containsExactly("hello-model@v3", "hello-model@v2");
            assertThat(g.rollback().releases().get(0).commit()).isEqualTo(commit(3));
            assertThat(g.gitops().from()).isEqualTo("r.io/hello-model:v3");
            assertThat(g.gitops().to()).isEqualTo("r.io/hello-model:v1");
            assertThat(g.gitops().files()).containsExactly(FILE);
        });
        assertThat(file()).isEqualTo(afterV1);
        RevCommit head = GitOpsFixture.log(bare).get(0);
        assertThat(head.getShortMessage()).isEqualTo("Roll back hello-model to v1");
        assertThat(head.getFooterLines("Relay-Rollback-Id")).containsExactly("hello-model@v1~rollback-a1");
        assertThat(head.getFooterLines("Relay-Rollback-Of")).containsExactly("v3");
        assertThat(head.getFooterLines("Relay-Rollback-To")).containsExactly("v1");
        assertThat(head.getFooterLines("Relay-Held")).containsExactly("hello-model@v3,hello-model@v2");

        DeployHistory history = bumper.deployHistory("hello-model");
        assertThat(history.current().orElseThrow().version()).isEqualTo("v1");
        assertThat(history.holds()).containsOnlyKeys("hello-model@v3", "hello-model@v2");

        // The same request again (a re-delivery after a restart): the commit is found, nothing is committed.
        int commits = GitOpsFixture.log(bare).size();
        RelayEvent again = rollback(request("v1", "a1", false));
        assertThat(GitOpsFixture.log(bare)).hasSize(commits);
        assertThat(again).isInstanceOfSatisfying(GitOpsReverted.class, g -> {
            assertThat(g.rollback().from()).isEqualTo("v3");
            assertThat(g.rollback().releases()).extracting(Rollback.RolledBackRelease::releaseId)
                    .containsExactlyInAnyOrder("hello-model@v3", "hello-model@v2");
        });
    }

    @Test
    void aHeldReleaseIsRefusedUntilItsHoldIsLifted() {
        release(1, List.of());
        release(2, List.of());
        rollback(request("v1", "b1", false));
        int commits = GitOpsFixture.log(bare).size();

        RelayEvent again = release(2, List.of());

        assertThat(again).isInstanceOfSatisfying(ReleaseFailed.class, f -> {
            assertThat(f.reason()).isEqualTo(BumpFailure.HELD);
            assertThat(f.message()).contains("hello-model@v1~rollback-b1").contains("DELETE /holds/hello-model/v2");
        });
        assertThat(GitOpsFixture.log(bare)).hasSize(commits);

        bumper.liftHold("hello-model", "hello-model@v2");
        assertThat(bumper.deployHistory("hello-model").holds()).isEmpty();
        assertThat(release(2, List.of())).isInstanceOf(dev.relay.events.GitOpsUpdated.class);
        assertThat(bumper.deployHistory("hello-model").current().orElseThrow().version()).isEqualTo("v2");
        assertThat(bumper.history("hello-model")).as("the hold-lift commit is no bump").allMatch(r -> r.to() != null);
    }

    @Test
    void aRollbackAcrossAnIrreversibleMigrationChangesNothingAndSaysWhich() {
        release(1, List.of());
        release(2, List.of("m2-drop-field"));
        String before = file();
        int commits = GitOpsFixture.log(bare).size();

        RelayEvent outcome = rollback(request("v1", "c1", false));

        assertThat(outcome).isInstanceOfSatisfying(ReleaseFailed.class, f -> {
            assertThat(f.reason()).isEqualTo(RollbackStage.IRREVERSIBLE);
            assertThat(f.message()).contains("m2-drop-field");
        });
        assertThat(file()).isEqualTo(before);
        assertThat(GitOpsFixture.log(bare)).hasSize(commits);
    }

    @Test
    void aDryRunReportsThePlanAndChangesNothing() {
        release(1, List.of());
        release(2, List.of());
        String before = file();
        int commits = GitOpsFixture.log(bare).size();

        RelayEvent outcome = rollback(request("v1", "d1", true));

        assertThat(outcome).isInstanceOfSatisfying(GitOpsReverted.class, g -> {
            assertThat(g.rollback().dryRun()).isTrue();
            assertThat(g.rollback().releases()).extracting(Rollback.RolledBackRelease::releaseId).containsExactly("hello-model@v2");
            assertThat(g.gitops().files()).containsExactly(FILE);
            assertThat(g.gitops().from()).isEqualTo("r.io/hello-model:v2");
            assertThat(g.gitops().to()).isEqualTo("r.io/hello-model:v1");
        });
        assertThat(file()).isEqualTo(before);
        assertThat(GitOpsFixture.log(bare)).hasSize(commits);
        assertThat(bumper.deployHistory("hello-model").holds()).isEmpty();
    }

    @Test
    void planningRefusesWhatCannotBeRolledBack() {
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> bumper.deployHistory("hello-model").plan(null), DeployHistory.Refused.class).field()).isEqualTo("model");
        release(1, List.of());
        release(2, List.of());
        DeployHistory history = bumper.deployHistory("hello-model");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> history.plan("v2"), DeployHistory.Refused.class))
                .hasMessageContaining("is the current release");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> history.plan("v9"), DeployHistory.Refused.class))
                .hasMessageContaining("was never released");
        assertThat(history.plan(null).target().version()).as("default: the release before the current one").isEqualTo("v1");
    }
}
