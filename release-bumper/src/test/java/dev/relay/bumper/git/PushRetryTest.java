package dev.relay.bumper.git;

import static dev.relay.bumper.core.GitOpsFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.bumper.core.BumpFailure;
import dev.relay.bumper.core.BumpStage;
import dev.relay.bumper.core.GitOpsFixture;
import dev.relay.bumper.core.RetryPolicy;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.StageEvents;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.events.stage.InMemoryStageResults;
import dev.relay.events.stage.StageRunner;
import dev.relay.testkit.GitFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retry of a push that lost a race, counted at a real smart-HTTP git server whose pre-receive
 * hook lets someone else's push land first (the branch moves underneath) for the first N pushes.
 * The golden modelinfo.migrated goes through the stage runner, so the published outcome is checked too.
 */
class PushRetryTest {

    private static final String USER = "relay";
    private static final String TOKEN = "retry-token-2718";
    private static final ModelInfoMigrated EVENT = GoldenEvents.event(ModelInfoMigrated.class);
    private static final String BEFORE = "registry.local:5000/hello-model:v0.0.10";
    /** The golden event's image pinned to its digest, as the stage writes it. */
    /** The golden event's image pinned to its digest: what the release asks for (trailer Relay-Image). */
    private static final String REQUESTED = "registry.local:5000/hello-model:v0.0.11@sha256:" + "b".repeat(64);
    /** What is written into a manifest that references the image by tag: the tag stays a tag. */
    private static final String AFTER = "registry.local:5000/hello-model:v0.0.11";

    /** Always the top of the range: every pause is the policy's ceiling, so the growth is exact. */
    private static final RandomGenerator CEILING = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @TempDir
    Path tmp;
    private GitHttpServer server;
    private Path bare;
    private GitFixtures.WorkingCopy someoneElse;
    private final List<Duration> pauses = new ArrayList<>();
    private final List<RelayEvent> published = new ArrayList<>();
    private final InMemoryStageResults results = new InMemoryStageResults();

    @BeforeEach
    void start() {
        server = GitHttpServer.start(tmp.resolve("srv"), USER, TOKEN);
        bare = GitOpsFixture.seed(tmp.resolve("srv"), "gitops", Map.of("apps/hello-model/deployment.yaml", deployment(BEFORE)));
        someoneElse = GitFixtures.clone(bare, tmp.resolve("someone-else"));
    }

    @AfterEach
    void stop() {
        someoneElse.close();
        server.close();
    }

    /** The first {@code n} pushes the server receives find the branch moved by someone else's push. */
    private void moveTheBranchUnderTheFirst(int n) {
        AtomicInteger left = new AtomicInteger(n);
        server.onPreReceive((rp, commands) -> {
            if (left.getAndDecrement() > 0) {
                try {
                    someoneElse.git().pull().call();
                } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
                    throw new IllegalStateException(e);
                }
                someoneElse.write("notes-" + left.get() + ".txt", "x\n").commit("someone else's change");
                someoneElse.push();
            }
        });
    }

    /** Base 100 ms, at most 300 ms; records the pauses instead of sleeping them. */
    private StageRunner<ModelInfoMigrated> runner(int attempts) {
        RetryPolicy retry = new RetryPolicy(attempts, Duration.ofMillis(100), Duration.ofMillis(300), () -> CEILING, pauses::add);
        return new StageRunner<>(new StageEvents(BumpStage.STAGE),
                BumpStage.releases(GitOpsFixture.bumper(server.url("gitops.git"), tmp.resolve("cache"), USER, TOKEN, retry)),
                results, published::add);
    }

    private List<RevCommit> bumps() {
        return GitOpsFixture.log(bare).stream().filter(c -> !c.getFooterLines("Relay-Model").isEmpty()).toList();
    }

    @Test
    void threeLostRacesThenTheFourthPushLands() {
        moveTheBranchUnderTheFirst(3);

        RelayEvent outcome = runner(5).run(EVENT);

        assertThat(server.pushes()).isEqualTo(4);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
        List<RevCommit> log = GitOpsFixture.log(bare);
        assertThat(log).extracting(RevCommit::getShortMessage).containsExactly("Bump hello-model to v0.0.11",
                "someone else's change", "someone else's change", "someone else's change", "initial manifests");
        assertThat(outcome).isInstanceOfSatisfying(GitOpsUpdated.class, u -> {
            assertThat(u.gitops().commit()).isEqualTo(log.get(0).name());
            assertThat(u.gitops().to()).isEqualTo(AFTER);
        });
        // re-applied on top of what won the race
        assertThat(log.get(0).getParent(0).name()).isEqualTo(log.get(1).name());
        assertThat(GitOpsFixture.read(bare, tmp.resolve("check"), "apps/hello-model/deployment.yaml")).isEqualTo(deployment(AFTER));
    }

    @Test
    void aBranchThatKeepsMovingGivesUpAfterMaxAttempts() {
        moveTheBranchUnderTheFirst(Integer.MAX_VALUE);

        RelayEvent outcome = runner(4).run(EVENT);

        assertThat(server.pushes()).isEqualTo(4);
        // no pause after the last attempt
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(bumps()).isEmpty();
        assertThat(outcome).isInstanceOfSatisfying(ReleaseFailed.class, f -> {
            assertThat(f.stage()).isEqualTo("release-bumper");
            assertThat(f.reason()).isEqualTo(BumpFailure.PUSH_FAILED);
            assertThat(f.message()).isEqualTo("push to " + server.url("gitops.git")
                    + " was rejected 4 times: the branch 'main' keeps moving");
        });
        assertThat(published).extracting(e -> e instanceof ReleaseStatus s ? s.state().name() : e.type().topic())
                .containsExactly("started", "release.failed", "failed");
        // retryable: not remembered, so a re-delivery of the release tries again
        assertThat(results.size()).isZero();
    }

    @Test
    void oneAttemptMeansOnePushAndNoPause() {
        moveTheBranchUnderTheFirst(1);

        RelayEvent outcome = runner(1).run(EVENT);

        assertThat(server.pushes()).isEqualTo(1);
        assertThat(pauses).isEmpty();
        assertThat(outcome).isInstanceOfSatisfying(ReleaseFailed.class,
                f -> assertThat(f.message()).contains("was rejected once: the branch 'main' keeps moving"));
    }
}
