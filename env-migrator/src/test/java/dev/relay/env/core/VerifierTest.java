package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.Check;
import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.Release;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verification and cutover flow with a fake probe and the in-memory history. */
class VerifierTest {

    static final String C1 = "1".repeat(40);
    static final String C2 = "2".repeat(40);

    final FakeProbe probe = new FakeProbe();
    final Map<String, RelayConfig> configs = new HashMap<>();
    final InMemoryHistory history = new InMemoryHistory();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final Verifier verifier = new Verifier(probe, (repo, commit) -> {
        RelayConfig c = configs.get(repo + "@" + commit);
        if (c == null) {
            throw new ConfigException("commit " + commit + " is not in " + repo);
        }
        return c;
    }, history, new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { now = now.plusSeconds(1); return now; }
    });
    final Cutover cutover = new Cutover(history, Clock.systemUTC());

    static ImageBuilt built(String version, String commit, Map<String, String> pins) {
        Release r = Release.of("hello", version, "file:///repos/hello.git", commit, "dev", Instant.parse("2026-01-01T00:00:00Z"));
        return new ImageBuilt(r, new Image("hello:" + version, "sha256:x", null, 1, "relay/python-base:3.11"), pins, 1.0);
    }

    @Test
    void verifiesDiffsCutsOverAndRollsBack() {
        probe.images.put("hello:v1", Map.of("promote", "1.10", "needs-dep", "0.3", "tiny-dep", "2.0.0"));
        probe.images.put("hello:v2", Map.of("promote", "1.11", "extra", "0.1", "tiny-dep", "3.0.0"));
        configs.put("file:///repos/hello.git@" + C1, new RelayConfig(">=3.8,<3.12", List.of("python -c ok")));
        configs.put("file:///repos/hello.git@" + C2, new RelayConfig(">=3.8,<3.12", List.of()));

        var v1 = verifier.verifyRelease(built("v1", C1, Map.of("promote", "1.10")));
        assertThat(v1.replay()).isFalse();
        assertThat(v1.record().state()).isEqualTo(EnvState.qa);
        assertThat(v1.record().checks()).extracting(Check::name).containsExactly("requirements", "pip-check", "python", "verify[0]");
        assertThat(probe.verifyAsked.get(0)).containsExactly("python -c ok");
        assertThat(cutover.promote("hello@v1")).isEqualTo(Cutover.Outcome.promoted);

        var v2 = verifier.verifyRelease(built("v2", C2, Map.of("promote", "1.11")));
        assertThat(v2.record().diffBase()).isEqualTo("hello@v1");
        assertThat(v2.record().diff().added()).extracting("name").containsExactly("extra");
        assertThat(v2.record().diff().removed()).extracting("name").containsExactly("needs-dep");
        assertThat(v2.record().diff().upgraded()).extracting("name", "flagged")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("promote", false), org.assertj.core.groups.Tuple.tuple("tiny-dep", true));

        assertThat(cutover.promote("hello@v2")).isEqualTo(Cutover.Outcome.promoted);
        assertThat(cutover.promote("hello@v2")).isEqualTo(Cutover.Outcome.alreadyCurrent);
        assertThat(history.current("hello").orElseThrow().releaseId()).isEqualTo("hello@v2");
        assertThat(history.find("hello@v1").orElseThrow().state()).isEqualTo(EnvState.retired);

        Cutover.Rollback rb = cutover.rollback("hello");
        assertThat(rb.current().releaseId()).isEqualTo("hello@v1");
        assertThat(rb.current().imageRef()).isEqualTo("hello:v1");
        assertThat(rb.retired().state()).isEqualTo(EnvState.retired);
        assertThat(history.history("hello")).extracting(EnvironmentRecord::releaseId).containsExactly("hello@v2", "hello@v1");
        // v1 was the first environment: nothing further back.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cutover.rollback("hello"))
                .isInstanceOf(Cutover.NothingToRollBack.class);
    }

    @Test
    void aReDeliveredEventIsNotProbedAgain() {
        probe.images.put("hello:v1", Map.of("promote", "1.10"));
        configs.put("file:///repos/hello.git@" + C1, RelayConfig.NONE);
        var first = verifier.verifyRelease(built("v1", C1, Map.of("promote", "1.10")));
        var again = verifier.verifyRelease(built("v1", C1, Map.of("promote", "1.10")));
        assertThat(again.replay()).isTrue();
        assertThat(again.record()).isEqualTo(first.record());
        assertThat(probe.probes).isEqualTo(1);
        assertThat(verifier.probesRun()).isEqualTo(1);
    }

    @Test
    void failedChecksBecomeAnEnvMismatchListingEveryFailedCheck() {
        probe.images.put("hello:v1", Map.of("promote", "1.10"));
        configs.put("file:///repos/hello.git@" + C1, new RelayConfig(">=3.12", List.of("fail now")));
        Map<String, String> pins = new LinkedHashMap<>();
        pins.put("promote", "1.9");
        var r = verifier.verifyRelease(built("v1", C1, pins)).record();
        assertThat(r.state()).isEqualTo(EnvState.failed);
        assertThat(r.failure().reason()).isEqualTo("env-mismatch");
        assertThat(r.failure().message()).contains("3 of 4").contains("requirements, python, verify[0]");
        assertThat(r.failure().detail()).contains("promote: declared 1.9, installed 1.10").contains("Traceback: boom");
        assertThat(cutover.promote("hello@v1")).isEqualTo(Cutover.Outcome.refusedFailed);
    }

    @Test
    void labelsOnTheImageTellWhereRelayYamlIs() {
        probe.images.put("any:1", Map.of());
        probe.labels.put("any:1", Map.of(ImageInfo.SOURCE, "file:///repos/other.git", ImageInfo.REVISION, C2));
        configs.put("file:///repos/other.git@" + C2, new RelayConfig("<3.0", List.of()));
        VerificationReport report = verifier.verify(new VerificationRequest("other", "any:1", Map.of(), null, null, null));
        assertThat(report.configFrom()).isEqualTo("file:///repos/other.git@" + C2);
        assertThat(report.passed()).isFalse();
        assertThat(report.checks()).filteredOn(c -> c.name().equals("python")).extracting(Check::passed).containsExactly(false);
    }

    @Test
    void aMissingImageOrUnreadableConfigIsReported() {
        VerificationReport missing = verifier.verify(new VerificationRequest("x", "nope:1", Map.of(), null, null, null));
        assertThat(missing.failure().reason()).isEqualTo(ProbeException.IMAGE_NOT_FOUND);
        probe.images.put("hello:v9", Map.of());
        VerificationReport noCommit = verifier.verify(new VerificationRequest("hello", "hello:v9", Map.of(),
                "file:///repos/hello.git", "9".repeat(40), null));
        assertThat(noCommit.checks()).filteredOn(c -> c.name().equals("relay-yaml")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("is not in"));
    }
}
