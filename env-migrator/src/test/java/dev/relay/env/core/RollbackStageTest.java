package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.relay.events.Check;
import dev.relay.events.EnvDiff;
import dev.relay.events.Environment;
import dev.relay.events.ModelInfoReverted;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseRolledBack;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.Rollback;
import dev.relay.events.StageEvents;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.events.stage.StageRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rollback stage on the stage skeleton with the in-memory history and rollback log. */
class RollbackStageTest {

    static final String MODEL = "hello-model";
    static final String COMMIT_10 = "0".repeat(40);

    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { now = now.plusSeconds(1); return now; }
    };

    /** What a reader would see after each write; and a crash after the first write when asked. */
    final List<String> currentAfterEachWrite = new ArrayList<>();
    boolean crashAfterPromote;
    final InMemoryHistory history = new InMemoryHistory() {
        @Override
        public synchronized void makeCurrent(String releaseId, String previous, Instant at) {
            super.makeCurrent(releaseId, previous, at);
            seen();
            if (crashAfterPromote) {
                crashAfterPromote = false;
                throw new IllegalStateException("crash between the writes");
            }
        }

        @Override
        public synchronized void markRolledBack(String releaseId, Instant at) {
            super.markRolledBack(releaseId, at);
            seen();
        }

        @Override
        public synchronized void retireCurrent(String model, String keep, Instant at) {
            super.retireCurrent(model, keep, at);
            seen();
        }

        private void seen() {
            currentAfterEachWrite.add(history(MODEL).stream().filter(r -> r.state() == EnvState.current)
                    .map(EnvironmentRecord::version).sorted().toList().toString());
        }
    };
    final InMemoryRollbackLog log = new InMemoryRollbackLog();
    final Cutover cutover = new Cutover(history, clock);
    final RollbackStage stage = new RollbackStage(history, log, clock);
    final List<RelayEvent> published = new ArrayList<>();
    final List<String> runs = new ArrayList<>();
    final StageEvents events = new StageEvents(VerifyStage.STAGE);
    final StageRunner<ModelInfoReverted> runner = new StageRunner<>(events, stage, log, published::add,
            (name, result, reason, millis) -> runs.add(name + " " + result + " " + reason));

    static EnvironmentRecord verified(String version, int minute, String python, Map<String, String> packages) {
        Instant at = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(60L * minute);
        return new EnvironmentRecord(MODEL + "@" + version, MODEL, version, "registry.local:5000/hello-model:" + version,
                "sha256:" + version, new Environment(python, packages), List.of(new Check("requirements", true, "ok")),
                EnvDiff.none(), null, EnvState.qa, null, null, at, null, null, at, null);
    }

    static EnvironmentRecord failed(String version, int minute) {
        Instant at = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(60L * minute);
        return new EnvironmentRecord(MODEL + "@" + version, MODEL, version, "registry.local:5000/hello-model:" + version,
                "sha256:" + version, null, List.of(new Check("probe", false, "no python")), EnvDiff.none(), null,
                EnvState.failed, new EnvironmentRecord.Failure("no-python", "no python in the image", "no python"), null, at,
                null, null, at, null);
    }

    /** modelinfo.reverted of a rollback to {@code to}, undoing {@code undone} (newest first). */
    static ModelInfoReverted reverted(String suffix, String to, boolean dryRun, String... undone) {
        String id = Rollback.idOf(MODEL, to, suffix);
        Release release = new Release(id, MODEL, to, "https://git.example/ml/hello-model.git", COMMIT_10, "ada",
                Instant.parse("2026-11-21T10:15:30Z"));
        List<Rollback.RolledBackRelease> releases = Arrays.stream(undone).map(v -> new Rollback.RolledBackRelease(
                MODEL + "@" + v, v, "1".repeat(40), "registry.local:5000/hello-model:" + v, List.of())).toList();
        Rollback rollback = new Rollback(id, MODEL, undone.length == 0 ? null : undone[0], to, "v0.0.12 answers 500",
                dryRun, releases);
        return new ModelInfoReverted(release, rollback, List.of(), "modelinfo", 5);
    }

    EnvironmentRecord recorded(String version) {
        return history.find(MODEL + "@" + version).orElseThrow();
    }

    /** v0.0.10, v0.0.11 and v0.0.12 deployed one after another: v0.0.12 current, the others retired. */
    @BeforeEach
    void deployed() {
        history.insert(verified("v0.0.10", 10, "3.11.2", Map.of("promote", "1.10", "requests", "2.32.3")));
        history.insert(verified("v0.0.11", 11, "3.11.2", Map.of("promote", "1.11", "requests", "2.32.3", "numpy", "2.1.0")));
        history.insert(verified("v0.0.12", 12, "3.12.1", Map.of("promote", "2.0", "requests", "2.32.3")));
        for (String v : List.of("v0.0.10", "v0.0.11", "v0.0.12")) {
            assertThat(cutover.promote(MODEL + "@" + v)).isEqualTo(Cutover.Outcome.promoted);
        }
        currentAfterEachWrite.clear();
    }

    @Test
    void theTargetBecomesCurrentAndTheReleasesUndoneAreMarkedRolledBack() {
        ModelInfoReverted event = reverted("r1", "v0.0.10", false, "v0.0.12", "v0.0.11");

        RelayEvent outcome = runner.run(event);

        assertThat(outcome).isInstanceOfSatisfying(ReleaseRolledBack.class, r -> {
            assertThat(r.release()).isEqualTo(event.release());
            assertThat(r.rollback()).isEqualTo(event.rollback());
            assertThat(r.environment().from()).isEqualTo("hello-model@v0.0.12");
            assertThat(r.environment().to()).isEqualTo("hello-model@v0.0.10");
            assertThat(r.environment().fromImage()).isEqualTo("registry.local:5000/hello-model:v0.0.12");
            assertThat(r.environment().toImage()).isEqualTo("registry.local:5000/hello-model:v0.0.10");
        });
        assertThat(history.current(MODEL).map(EnvironmentRecord::releaseId)).hasValue("hello-model@v0.0.10");
        assertThat(recorded("v0.0.12").state()).isEqualTo(EnvState.rolledBack);
        assertThat(recorded("v0.0.12").retiredAt()).as("it was current until now").isEqualTo(recorded("v0.0.10").currentSince());
        assertThat(recorded("v0.0.11").state()).isEqualTo(EnvState.rolledBack);
        assertThat(recorded("v0.0.11").retiredAt()).as("retired before, when v0.0.12 came")
                .isBefore(recorded("v0.0.10").currentSince());
        assertThat(currentAfterEachWrite).as("promoted first: never a moment without a current environment")
                .first().isEqualTo("[v0.0.10, v0.0.12]");
        assertThat(currentAfterEachWrite).doesNotContain("[]").last().isEqualTo("[v0.0.10]");
        assertThat(published).extracting(e -> e.release().releaseId()).containsOnly("hello-model@v0.0.10~rollback-r1");
        assertThat(published).extracting(RelayEvent::type).extracting(Enum::name)
                .containsExactly("RELEASE_STATUS", "RELEASE_ROLLEDBACK", "RELEASE_STATUS");
        assertThat(published).filteredOn(ReleaseStatus.class::isInstance).map(ReleaseStatus.class::cast)
                .extracting(ReleaseStatus::stage, ReleaseStatus::state)
                .containsExactly(tuple("env-migrator", ReleaseStatus.State.started), tuple("env-migrator", ReleaseStatus.State.succeeded));
        assertThat(runs).containsExactly("env-migrator succeeded none");
    }

    @Test
    void theChangeCarriesTheDiffFromTheCurrentEnvironmentToTheTarget() {
        ReleaseRolledBack r = (ReleaseRolledBack) runner.run(reverted("r1", "v0.0.10", false, "v0.0.12", "v0.0.11"));

        EnvDiff diff = r.environment().diff();
        assertThat(diff).isEqualTo(EnvDiffer.diff(recorded("v0.0.12").environment(), recorded("v0.0.10").environment()));
        assertThat(diff.downgraded()).extracting("name", "from", "to", "flagged").containsExactly(tuple("promote", "2.0", "1.10", true));
        assertThat(diff.python()).extracting("from", "to", "flagged").containsExactly("3.12.1", "3.11.2", true);
        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.upgraded()).isEmpty();
    }

    @Test
    void aDryRunReportsTheSameChangeAndChangesNothing() {
        List<EnvironmentRecord> before = history.history(MODEL);

        ReleaseRolledBack planned = (ReleaseRolledBack) runner.run(reverted("plan", "v0.0.10", true, "v0.0.12", "v0.0.11"));

        assertThat(history.history(MODEL)).isEqualTo(before);
        assertThat(currentAfterEachWrite).as("no write at all").isEmpty();
        assertThat(log.begun).isEmpty();
        assertThat(planned.rollback().dryRun()).isTrue();
        ReleaseRolledBack real = (ReleaseRolledBack) runner.run(reverted("real", "v0.0.10", false, "v0.0.12", "v0.0.11"));
        assertThat(planned.environment()).isEqualTo(real.environment());
    }

    @Test
    void anUnknownTargetIsRefusedAndNothingChanges() {
        List<EnvironmentRecord> before = history.history(MODEL);

        RelayEvent outcome = runner.run(reverted("r2", "v0.0.9", false, "v0.0.12", "v0.0.11", "v0.0.10"));

        assertThat(outcome).isInstanceOfSatisfying(ReleaseFailed.class, f -> {
            assertThat(f.release().releaseId()).isEqualTo("hello-model@v0.0.9~rollback-r2");
            assertThat(f.stage()).isEqualTo("env-migrator");
            assertThat(f.reason()).isEqualTo(RollbackStage.UNKNOWN_RELEASE);
            assertThat(f.message()).isEqualTo("env-migrator has no environment of hello-model@v0.0.9, the target of "
                    + "hello-model@v0.0.9~rollback-r2; nothing was changed");
        });
        assertThat(history.history(MODEL)).isEqualTo(before);
        assertThat(published).filteredOn(ReleaseStatus.class::isInstance).map(e -> ((ReleaseStatus) e).state())
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
        assertThat(runs).containsExactly("env-migrator failed unknown-release");
    }

    @Test
    void aTargetThatFailedVerificationIsRefusedAndNothingChanges() {
        history.insert(failed("v0.0.9", 9));
        List<EnvironmentRecord> before = history.history(MODEL);

        RelayEvent outcome = runner.run(reverted("r3", "v0.0.9", false, "v0.0.12", "v0.0.11", "v0.0.10"));

        assertThat(outcome).isInstanceOfSatisfying(ReleaseFailed.class, f -> {
            assertThat(f.reason()).isEqualTo(RollbackStage.TARGET_NOT_VERIFIED);
            assertThat(f.message()).isEqualTo("the environment of hello-model@v0.0.9 did not pass verification (no-python); "
                    + "it cannot become current again; nothing was changed");
            assertThat(f.detail()).isEqualTo("no python in the image");
        });
        assertThat(history.history(MODEL)).isEqualTo(before);
        assertThat(currentAfterEachWrite).isEmpty();
    }

    @Test
    void aTargetThatIsCurrentAlreadyIsASuccessThatChangesNothing() {
        List<EnvironmentRecord> before = history.history(MODEL);

        ReleaseRolledBack r = (ReleaseRolledBack) runner.run(reverted("r4", "v0.0.12", false));

        assertThat(r.environment().from()).isEqualTo("hello-model@v0.0.12");
        assertThat(r.environment().to()).isEqualTo("hello-model@v0.0.12");
        assertThat(EnvDiffer.isEmpty(r.environment().diff())).isTrue();
        assertThat(history.history(MODEL)).isEqualTo(before);
        assertThat(currentAfterEachWrite).isEmpty();
        assertThat(runs).containsExactly("env-migrator succeeded none");
    }

    @Test
    void aRolledBackReleaseIsNotMadeCurrentAgainByGitOpsUpdatedNorByAManualRollback() {
        runner.run(reverted("r1", "v0.0.11", false, "v0.0.12"));
        assertThat(recorded("v0.0.12").state()).isEqualTo(EnvState.rolledBack);

        // A late or re-delivered gitops.updated of the release undone.
        assertThat(cutover.promote("hello-model@v0.0.12")).isEqualTo(Cutover.Outcome.refusedRolledBack);
        assertThat(history.current(MODEL).map(EnvironmentRecord::releaseId)).hasValue("hello-model@v0.0.11");
        assertThat(recorded("v0.0.12").state()).isEqualTo(EnvState.rolledBack);

        // A new release deployed after the rollback links back to v0.0.11; a manual rollback of it goes there,
        history.insert(verified("v0.0.13", 13, "3.11.2", Map.of("promote", "1.12")));
        assertThat(cutover.promote("hello-model@v0.0.13")).isEqualTo(Cutover.Outcome.promoted);
        assertThat(cutover.rollback(MODEL).current().releaseId()).isEqualTo("hello-model@v0.0.11");
        // and none walks back into a rolled-back one.
        history.markRolledBack("hello-model@v0.0.10", now);
        history.makeCurrent("hello-model@v0.0.11", "hello-model@v0.0.10", now);
        assertThatThrownBy(() -> cutover.rollback(MODEL)).isInstanceOf(Cutover.NothingToRollBack.class)
                .hasMessage("previous environment hello-model@v0.0.10 was rolled back; only a rollback to it "
                        + "(release.rolledback) makes it current again");
    }

    @Test
    void anExplicitRollbackToARolledBackReleaseMakesItCurrent() {
        runner.run(reverted("r1", "v0.0.10", false, "v0.0.12", "v0.0.11"));

        ReleaseRolledBack r = (ReleaseRolledBack) runner.run(reverted("r2", "v0.0.11", false, "v0.0.10"));

        assertThat(r.environment().from()).isEqualTo("hello-model@v0.0.10");
        assertThat(history.current(MODEL).map(EnvironmentRecord::releaseId)).hasValue("hello-model@v0.0.11");
        assertThat(recorded("v0.0.10").state()).isEqualTo(EnvState.rolledBack);
        assertThat(recorded("v0.0.12").state()).isEqualTo(EnvState.rolledBack);
    }

    @Test
    void aReleaseNeverVerifiedHereIsSkippedAndACurrentOneNotAmongTheUndoneIsRetired() {
        // GitOps' list and env-migrator's history may disagree: v0.0.14 never reached env-migrator, v0.0.12 is current here.
        ReleaseRolledBack r = (ReleaseRolledBack) runner.run(reverted("r5", "v0.0.10", false, "v0.0.14", "v0.0.11"));

        assertThat(r.environment().from()).isEqualTo("hello-model@v0.0.12");
        assertThat(history.find("hello-model@v0.0.14")).isEmpty();
        assertThat(recorded("v0.0.11").state()).isEqualTo(EnvState.rolledBack);
        assertThat(recorded("v0.0.12").state()).isEqualTo(EnvState.retired);
        assertThat(history.current(MODEL).map(EnvironmentRecord::releaseId)).hasValue("hello-model@v0.0.10");
    }

    @Test
    void aRepeatedDeliveryReplaysTheStoredOutcomeAndChangesNothing() {
        ModelInfoReverted event = reverted("r1", "v0.0.10", false, "v0.0.12", "v0.0.11");
        RelayEvent first = runner.run(event);
        List<EnvironmentRecord> after = history.history(MODEL);
        currentAfterEachWrite.clear();
        published.clear();

        RelayEvent again = runner.run(event);

        assertThat(again).isEqualTo(first);
        assertThat(history.history(MODEL)).isEqualTo(after);
        assertThat(currentAfterEachWrite).as("no write").isEmpty();
        assertThat(published).hasSize(3).element(1).isEqualTo(first);
        assertThat(published).filteredOn(ReleaseStatus.class::isInstance).map(e -> ((ReleaseStatus) e).state())
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(runs).containsExactly("env-migrator succeeded none", "env-migrator replayed none");

        // A failed rollback is replayed as it failed.
        RelayEvent refused = runner.run(reverted("r9", "v0.0.9", false));
        assertThat(runner.run(reverted("r9", "v0.0.9", false))).isEqualTo(refused);
        assertThat(runs).endsWith("env-migrator failed unknown-release", "env-migrator replayed unknown-release");
    }

    @Test
    void aRedeliveryAfterACrashBetweenTheWritesFinishesTheChangeAndReportsTheSameFrom() {
        ModelInfoReverted event = reverted("r1", "v0.0.10", false, "v0.0.12", "v0.0.11");
        crashAfterPromote = true;
        RelayEvent crashed = runner.run(event);
        assertThat(crashed).isInstanceOfSatisfying(ReleaseFailed.class, f -> assertThat(f.reason()).isEqualTo("internal-error"));
        assertThat(recorded("v0.0.12").state()).as("half done: two current").isEqualTo(EnvState.current);
        assertThat(log.done).as("an internal error is not stored").isEmpty();

        ReleaseRolledBack r = (ReleaseRolledBack) runner.run(event);

        assertThat(r.environment().from()).as("not the target, which is current by now").isEqualTo("hello-model@v0.0.12");
        assertThat(history.current(MODEL).map(EnvironmentRecord::releaseId)).hasValue("hello-model@v0.0.10");
        assertThat(recorded("v0.0.12").state()).isEqualTo(EnvState.rolledBack);
        assertThat(recorded("v0.0.11").state()).isEqualTo(EnvState.rolledBack);
        assertThat(log.begun).isEmpty();
        assertThat(log.find(event.rollback().rollbackId())).hasValue(r);
    }

    @Test
    void theGoldenModelInfoRevertedRollsBackItsTarget() {
        ModelInfoReverted golden = GoldenEvents.event(ModelInfoReverted.class);
        // The golden rollback: v0.0.11 undone, back to v0.0.10 (both verified here, v0.0.11 current).
        history.markRolledBack("hello-model@v0.0.12", now);
        history.makeCurrent("hello-model@v0.0.11", null, now);

        ReleaseRolledBack r = (ReleaseRolledBack) runner.run(golden);

        assertThat(r.release().releaseId()).isEqualTo("hello-model@v0.0.10~rollback-2f4c9a1e");
        assertThat(r.environment().from()).isEqualTo("hello-model@v0.0.11");
        assertThat(r.environment().diff().removed()).extracting("name").containsExactly("numpy");
        assertThat(r.environment().diff().downgraded()).extracting("name").containsExactly("promote");
        assertThat(recorded("v0.0.11").state()).isEqualTo(EnvState.rolledBack);
        assertThat(history.current(MODEL).map(EnvironmentRecord::releaseId)).hasValue("hello-model@v0.0.10");
    }
}
