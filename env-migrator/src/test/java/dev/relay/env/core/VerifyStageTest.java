package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.relay.events.Check;
import dev.relay.events.EnvVerified;
import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.InvalidModelConfigException;
import dev.relay.events.ModelConfig;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.StageFailure;
import dev.relay.events.stage.StageRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verify stage on the stage skeleton, with a fake probe, a fake git source and the in-memory history. */
class VerifyStageTest {

    static final String C1 = "1".repeat(40);
    static final String C2 = "2".repeat(40);
    static final String REPO = "file:///repos/hello.git";

    final FakeProbe probe = new FakeProbe();
    /** relay.yaml per {@code <repo>@<commit>}, as the git fallback would read it. */
    final Map<String, ModelConfig> git = new HashMap<>();
    final List<String> gitReads = new ArrayList<>();
    final InMemoryHistory history = new InMemoryHistory();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { now = now.plusSeconds(1); return now; }
    };
    final VerifyStage stage = new VerifyStage(probe, (repo, commit) -> {
        gitReads.add(repo + "@" + commit);
        ModelConfig c = git.get(repo + "@" + commit);
        if (c == null) {
            throw new ConfigException("commit " + commit + " is not in " + repo);
        }
        return c;
    }, history, clock);
    final Cutover cutover = new Cutover(history, Clock.systemUTC());

    final List<RelayEvent> published = new ArrayList<>();
    final List<String> runs = new ArrayList<>();
    final StageEvents events = new StageEvents("env-migrator");
    final StageRunner<ImageBuilt> runner = new StageRunner<>(events, stage, new HistoryStageResults(history, events),
            published::add, (name, result, reason, millis) -> runs.add(name + " " + result + " " + reason));

    static ModelConfig relayYaml(String python, String... verify) {
        return new ModelConfig(true, "hello", null, python, List.of(verify), false, null);
    }

    static ImageBuilt built(String version, String commit, Map<String, String> pins, ModelConfig carried) {
        Release r = Release.of("hello", version, REPO, commit, "dev", Instant.parse("2026-01-01T00:00:00Z"));
        return new ImageBuilt(r, new Image("hello:" + version, "sha256:x", null, 1, "relay/python-base:3.11"), pins, 1.0,
                carried);
    }

    static ImageBuilt built(String version, String commit, Map<String, String> pins) {
        return built(version, commit, pins, null);
    }

    EnvironmentRecord recorded(String releaseId) {
        return history.find(releaseId).orElseThrow();
    }

    @Test
    void aPushedImageIsBroughtToTheEngineBeforeItIsProbedAndAFailedPullIsNotRecorded() {
        List<String> pulls = new ArrayList<>();
        ImagePuller puller = (ref, digest) -> {
            pulls.add(ref + " " + digest + " before probing: " + probe.verifyAsked.size());
            if (ref.contains("down")) {
                throw new PullException(PullException.UNAVAILABLE, "the registry reg.example did not answer the pull", null);
            }
            return true;
        };
        VerifyStage pulling = new VerifyStage(probe, puller, (repo, commit) -> ModelConfig.ABSENT, history, clock);
        StageRunner<ImageBuilt> pullingRunner = new StageRunner<>(events, pulling, new HistoryStageResults(history, events),
                published::add);
        probe.images.put("reg.example/hello:v1", Map.of("promote", "1.10"));
        Release r = Release.of("hello", "v1", REPO, C1, "dev", Instant.parse("2026-01-01T00:00:00Z"));
        ImageBuilt pushed = new ImageBuilt(r, new Image("reg.example/hello:v1", "sha256:x", "sha256:" + "d".repeat(64), 1,
                "relay/python-base:3.11"), Map.of("promote", "1.10"), 1.0, relayYaml(null));

        assertThat(pullingRunner.run(pushed)).isInstanceOf(EnvVerified.class);
        assertThat(pullingRunner.run(pushed)).as("a re-delivery replays: no second pull").isInstanceOf(EnvVerified.class);
        assertThat(pulls).containsExactly("reg.example/hello:v1 sha256:" + "d".repeat(64) + " before probing: 0");

        Release r2 = Release.of("hello", "v2", REPO, C2, "dev", Instant.parse("2026-01-01T00:00:00Z"));
        ImageBuilt unreachable = new ImageBuilt(r2, new Image("down.example/hello:v2", "sha256:y", "sha256:" + "e".repeat(64), 1,
                "relay/python-base:3.11"), Map.of(), 1.0, relayYaml(null));
        ReleaseFailed failed = (ReleaseFailed) pullingRunner.run(unreachable);
        assertThat(failed.reason()).isEqualTo("registry-unavailable");
        assertThat(history.find(r2.releaseId())).as("a failed pull is no environment: a re-delivery pulls again").isEmpty();
        assertThat(pullingRunner.run(unreachable)).isInstanceOf(ReleaseFailed.class);
        assertThat(pulls).hasSize(3);
    }

    @Test
    void aCarriedRelayYamlIsUsedAndGitIsNeverRead() {
        VerifyStage noGit = new VerifyStage(probe, (repo, commit) -> {
            throw new AssertionError("git read for " + repo + "@" + commit + " although the event carries relay.yaml");
        }, history, clock);
        probe.images.put("hello:v1", Map.of("promote", "1.10"));
        ModelConfig carried = relayYaml(">=3.8,<3.12", "python -c 'import promote'");

        EnvVerified v = noGit.run(built("v1", C1, Map.of("promote", "1.10"), carried));

        assertThat(probe.verifyAsked).containsExactly(List.of("python -c 'import promote'"));
        assertThat(v.modelConfig()).isEqualTo(carried);
        assertThat(v.checks()).extracting(Check::name, Check::passed).containsExactly(tuple("requirements", true),
                tuple("pip-check", true), tuple("python", true), tuple("verify[0]", true));
        assertThat(v.checks().get(2).detail()).isEqualTo("3.11.2 satisfies >=3.8,<3.12");
        assertThat(noGit.verify(new VerificationRequest("hello", "hello:v1", Map.of(), REPO, C1, null, carried)).configFrom())
                .isEqualTo(ModelConfigLookup.FROM_EVENT);
    }

    @Test
    void withoutACarriedRelayYamlItIsReadFromGitAtTheReleaseCommit() {
        probe.images.put("hello:v1", Map.of("promote", "1.10"));
        git.put(REPO + "@" + C1, relayYaml("<3.11", "echo from-git"));

        var e = assertThatThrownBy(() -> stage.run(built("v1", C1, Map.of("promote", "1.10"))));

        assertThat(gitReads).containsExactly(REPO + "@" + C1);
        assertThat(probe.verifyAsked).containsExactly(List.of("echo from-git"));
        e.isInstanceOfSatisfying(StageFailure.class, f -> {
            assertThat(f.reason()).isEqualTo("env-mismatch");
            assertThat(f.getMessage()).isEqualTo("1 of 4 environment checks failed for hello:v1: python");
            assertThat(f.detail()).isEqualTo("FAILED python: 3.11.2 does not satisfy <3.11");
        });
    }

    @Test
    void anOlderProducersEventPassesWithoutRelayYamlForwardingNone() {
        probe.images.put("hello:v1", Map.of());
        git.put(REPO + "@" + C1, ModelConfig.ABSENT);
        EnvVerified v = stage.run(built("v1", C1, Map.of()));
        assertThat(v.modelConfig()).isNull();
        assertThat(v.checks().get(2).detail()).isEqualTo("3.11.2 (relay.yaml declares no python constraint)");
        assertThat(probe.verifyAsked).containsExactly(List.of());
    }

    @Test
    void aPythonConstraintEnvMigratorCannotEvaluateFailsTheReleaseAsAFailedRelayYamlCheck() {
        probe.images.put("hello:v1", Map.of());
        ModelConfig carried = relayYaml("~=1!3.10", "echo never-run");
        assertThatThrownBy(() -> stage.run(built("v1", C1, Map.of(), carried)))
                .isInstanceOfSatisfying(StageFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo("env-mismatch");
                    assertThat(f.getMessage()).endsWith(": relay-yaml");
                    assertThat(f.detail()).isEqualTo("FAILED relay-yaml: relay.yaml: 'python': '~=1!3.10': version epochs ('!')"
                            + " are not supported with ~=");
                });
        // An unusable relay.yaml runs none of its commands, as before.
        assertThat(probe.verifyAsked).containsExactly(List.of());
        assertThat(gitReads).isEmpty();
    }

    @Test
    void anInvalidRelayYamlInGitIsAFailedCheckNamingTheKey() {
        VerifyStage invalid = new VerifyStage(probe, (repo, commit) -> {
            throw new InvalidModelConfigException("relay.yaml: 'verify[1]' must be a non-empty command string");
        }, history, clock);
        probe.images.put("hello:v1", Map.of());
        assertThatThrownBy(() -> invalid.run(built("v1", C1, Map.of())))
                .isInstanceOfSatisfying(StageFailure.class, f -> assertThat(f.detail())
                        .isEqualTo("FAILED relay-yaml: relay.yaml: 'verify[1]' must be a non-empty command string"));
    }

    @Test
    void verifiesDiffsCutsOverAndRollsBack() {
        probe.images.put("hello:v1", Map.of("promote", "1.10", "needs-dep", "0.3", "tiny-dep", "2.0.0"));
        probe.images.put("hello:v2", Map.of("promote", "1.11", "extra", "0.1", "tiny-dep", "3.0.0"));
        git.put(REPO + "@" + C1, relayYaml(">=3.8,<3.12", "python -c ok"));

        stage.run(built("v1", C1, Map.of("promote", "1.10")));
        assertThat(recorded("hello@v1").state()).isEqualTo(EnvState.qa);
        assertThat(recorded("hello@v1").checks()).extracting(Check::name)
                .containsExactly("requirements", "pip-check", "python", "verify[0]");
        assertThat(cutover.promote("hello@v1")).isEqualTo(Cutover.Outcome.promoted);

        EnvVerified v2 = stage.run(built("v2", C2, Map.of("promote", "1.11"), relayYaml(">=3.8,<3.12")));
        assertThat(recorded("hello@v2").diffBase()).isEqualTo("hello@v1");
        assertThat(v2.diff().added()).extracting("name").containsExactly("extra");
        assertThat(v2.diff().removed()).extracting("name").containsExactly("needs-dep");
        assertThat(v2.diff().upgraded()).extracting("name", "flagged")
                .containsExactly(tuple("promote", false), tuple("tiny-dep", true));

        assertThat(cutover.promote("hello@v2")).isEqualTo(Cutover.Outcome.promoted);
        assertThat(cutover.promote("hello@v2")).isEqualTo(Cutover.Outcome.alreadyCurrent);
        assertThat(history.current("hello").orElseThrow().releaseId()).isEqualTo("hello@v2");
        assertThat(recorded("hello@v1").state()).isEqualTo(EnvState.retired);

        Cutover.Rollback rb = cutover.rollback("hello");
        assertThat(rb.current().releaseId()).isEqualTo("hello@v1");
        assertThat(rb.current().imageRef()).isEqualTo("hello:v1");
        assertThat(rb.retired().state()).isEqualTo(EnvState.retired);
        assertThat(history.history("hello")).extracting(EnvironmentRecord::releaseId).containsExactly("hello@v2", "hello@v1");
        // v1 was the first environment: nothing further back.
        assertThatThrownBy(() -> cutover.rollback("hello")).isInstanceOf(Cutover.NothingToRollBack.class);
    }

    @Test
    void aReDeliveryRepublishesTheRecordedOutcomeWithTheSameStatusSequenceAndProbesNothing() {
        probe.images.put("hello:v1", Map.of("promote", "1.10"));
        ModelConfig carried = relayYaml(">=3.8,<3.12");
        runner.run(built("v1", C1, Map.of("promote", "1.10"), carried));
        List<RelayEvent> first = List.copyOf(published);
        published.clear();

        runner.run(built("v1", C1, Map.of("promote", "1.10"), carried));

        assertThat(probe.probes).isEqualTo(1);
        assertThat(stage.probesRun()).isEqualTo(1);
        assertThat(published).hasSize(3);
        assertThat(published.get(0)).isInstanceOfSatisfying(ReleaseStatus.class,
                s -> assertThat(s.state()).isEqualTo(ReleaseStatus.State.started));
        assertThat(published.get(1)).isEqualTo(first.get(1)).isInstanceOf(EnvVerified.class);
        assertThat(((EnvVerified) published.get(1)).modelConfig()).isEqualTo(carried);
        assertThat(published.get(2)).isInstanceOfSatisfying(ReleaseStatus.class,
                s -> assertThat(s.state()).isEqualTo(ReleaseStatus.State.succeeded));
        assertThat(runs).containsExactly("env-migrator succeeded none", "env-migrator replayed none");
    }

    @Test
    void aFailedReleaseIsReplayedAsTheSameReleaseFailed() {
        probe.images.put("hello:v1", Map.of("promote", "1.10"));
        ModelConfig carried = relayYaml(">=3.12", "fail now");
        Map<String, String> pins = new LinkedHashMap<>();
        pins.put("promote", "1.9");
        runner.run(built("v1", C1, pins, carried));
        ReleaseFailed f = (ReleaseFailed) published.get(1);
        assertThat(f.stage()).isEqualTo("env-migrator");
        assertThat(f.reason()).isEqualTo("env-mismatch");
        assertThat(f.message()).isEqualTo("3 of 4 environment checks failed for hello:v1: requirements, python, verify[0]");
        assertThat(f.detail()).contains("promote: declared 1.9, installed 1.10").contains("Traceback: boom");
        assertThat(recorded("hello@v1").state()).isEqualTo(EnvState.failed);
        assertThat(cutover.promote("hello@v1")).isEqualTo(Cutover.Outcome.refusedFailed);
        published.clear();

        runner.run(built("v1", C1, pins, carried));

        assertThat(published.get(1)).isEqualTo(f);
        assertThat(((ReleaseStatus) published.get(2)).state()).isEqualTo(ReleaseStatus.State.failed);
        assertThat(probe.probes).isEqualTo(1);
        assertThat(runs).containsExactly("env-migrator failed env-mismatch", "env-migrator replayed env-mismatch");
    }

    @Test
    void aMissingImageIsRecordedAndFailsWithItsProbeReason() {
        runner.run(built("v9", C1, Map.of(), relayYaml(null)));
        ReleaseFailed f = (ReleaseFailed) published.get(1);
        assertThat(f.reason()).isEqualTo(ProbeException.IMAGE_NOT_FOUND);
        assertThat(f.message()).isEqualTo("the engine has no image hello:v9");
        assertThat(recorded("hello@v9").failure().reason()).isEqualTo(ProbeException.IMAGE_NOT_FOUND);
    }

    @Test
    void anUnexpectedErrorIsAnInternalErrorAndNothingIsRecorded() {
        VerifyStage broken = new VerifyStage(probe, (repo, commit) -> {
            throw new IllegalStateException("cannot reach https://user:s3cret@git.example/hello.git");
        }, history, clock);
        StageRunner<ImageBuilt> brokenRunner = new StageRunner<>(events, broken, new HistoryStageResults(history, events),
                published::add);
        probe.images.put("hello:v1", Map.of());
        brokenRunner.run(built("v1", C1, Map.of()));
        ReleaseFailed f = (ReleaseFailed) published.get(1);
        assertThat(f.reason()).isEqualTo("internal-error");
        assertThat(f.message()).isEqualTo("env-migrator failed unexpectedly (IllegalStateException); the service log has the details");
        assertThat(history.find("hello@v1")).isEmpty();
    }

    @Test
    void anEnvironmentRecordedWithoutItsImageBuiltIsStillTheResultAndNotProbedAgain() {
        probe.images.put("hello:v1", Map.of("promote", "1.10"));
        ModelConfig carried = relayYaml(null);
        EnvVerified first = stage.run(built("v1", C1, Map.of(), carried));
        EnvironmentRecord r = recorded("hello@v1");
        // As an environment recorded by the previous version of env-migrator: no image.built kept.
        InMemoryHistory legacy = new InMemoryHistory();
        legacy.insert(new EnvironmentRecord(r.releaseId(), r.model(), r.version(), r.imageRef(), r.imageId(), r.environment(),
                r.checks(), r.diff(), r.diffBase(), r.state(), r.failure(), r.previous(), r.verifiedAt(), r.currentSince(),
                r.retiredAt(), r.updatedAt(), null));
        VerifyStage legacyStage = new VerifyStage(probe, (repo, commit) -> ModelConfig.ABSENT, legacy, clock);
        StageRunner<ImageBuilt> legacyRunner = new StageRunner<>(events, legacyStage, new HistoryStageResults(legacy, events),
                published::add);

        legacyRunner.run(built("v1", C1, Map.of(), carried));

        assertThat(published.get(1)).isEqualTo(first);
        assertThat(probe.probes).isEqualTo(1);
    }

    @Test
    void labelsOnTheImageTellWhereRelayYamlIsForAVerificationByHand() {
        probe.images.put("any:1", Map.of());
        probe.labels.put("any:1", Map.of(ImageInfo.SOURCE, "https://user:s3cret@git.example/other.git", ImageInfo.REVISION, C2));
        git.put("https://user:s3cret@git.example/other.git@" + C2, relayYaml("<3.0"));
        VerificationReport report = stage.verify(VerificationRequest.byHand("other", "any:1", Map.of()));
        assertThat(report.configFrom()).isEqualTo("https://***@git.example/other.git@" + C2);
        assertThat(report.passed()).isFalse();
        assertThat(report.checks()).filteredOn(c -> c.name().equals("python")).extracting(Check::passed).containsExactly(false);
        assertThat(history.history("other")).as("a verification by hand stores nothing").isEmpty();
    }

    @Test
    void aMissingImageOrUnreadableConfigIsReported() {
        VerificationReport missing = stage.verify(VerificationRequest.byHand("x", "nope:1", Map.of()));
        assertThat(missing.failure().reason()).isEqualTo(ProbeException.IMAGE_NOT_FOUND);
        probe.images.put("hello:v9", Map.of());
        VerificationReport noCommit = stage.verify(new VerificationRequest("hello", "hello:v9", Map.of(),
                REPO, "9".repeat(40), null, null));
        assertThat(noCommit.checks()).filteredOn(c -> c.name().equals("relay-yaml")).singleElement()
                .satisfies(c -> assertThat(c.detail()).isEqualTo("commit " + "9".repeat(40) + " is not in " + REPO));
    }
}
