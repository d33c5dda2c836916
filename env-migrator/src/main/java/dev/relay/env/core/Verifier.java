package dev.relay.env.core;

import dev.relay.events.Check;
import dev.relay.events.EnvDiff;
import dev.relay.events.Environment;
import dev.relay.events.ImageBuilt;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** Verifies an image's environment against what the model declared, and records releases in the history. */
public final class Verifier {

    public static final String ENV_MISMATCH = "env-mismatch";

    /** @param replay true when the release had been verified before and nothing was probed again */
    public record Outcome(EnvironmentRecord record, boolean replay) {
    }

    private final ImageProbe probe;
    private final ModelConfigSource configs;
    private final EnvironmentHistory history;
    private final Clock clock;
    private final AtomicLong probes = new AtomicLong();

    public Verifier(ImageProbe probe, ModelConfigSource configs, EnvironmentHistory history, Clock clock) {
        this.probe = probe;
        this.configs = configs;
        this.history = history;
        this.clock = clock;
    }

    /** The stored result of a release verified before, if any: a re-delivery publishes it again and probes nothing. */
    public Optional<EnvironmentRecord> recorded(String releaseId) {
        return history.find(releaseId);
    }

    /** Verifies one release once; a re-delivered event gets the stored result back. */
    public Outcome verifyRelease(ImageBuilt event) {
        var release = event.release();
        Optional<EnvironmentRecord> earlier = history.find(release.releaseId());
        if (earlier.isPresent()) {
            return new Outcome(earlier.get(), true);
        }
        VerificationReport report = verify(new VerificationRequest(release.model(), event.image().ref(),
                event.requirements(), release.repoUrl(), release.commit(), release.releaseId()));
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        EnvironmentRecord record = new EnvironmentRecord(release.releaseId(), release.model(), release.version(),
                event.image().ref(), report.imageId() != null ? report.imageId() : event.image().id(),
                report.environment(), report.checks(), report.diff(), report.diffBase(),
                report.passed() ? EnvState.qa : EnvState.failed, report.failure(), null, now, null, null, now);
        if (!history.insert(record)) {
            // Someone else recorded it meanwhile: theirs is the result.
            return new Outcome(history.find(release.releaseId()).orElse(record), true);
        }
        return new Outcome(record, false);
    }

    /** Verifies any image; stores nothing. */
    public VerificationReport verify(VerificationRequest request) {
        ImageInfo info;
        try {
            info = probe.inspect(request.imageRef());
        } catch (ProbeException e) {
            return probeFailed(request, null, null, e);
        }
        String repo = first(info.label(ImageInfo.SOURCE), request.repoUrl());
        String commit = first(info.label(ImageInfo.REVISION), request.commit());
        RelayConfig config = RelayConfig.NONE;
        String configError = null;
        String configFrom = null;
        if (repo != null && commit != null) {
            configFrom = repo + "@" + commit;
            try {
                config = configs.load(repo, commit);
            } catch (ConfigException e) {
                configError = e.getMessage();
            }
        }
        ProbeResult result;
        try {
            probes.incrementAndGet();
            result = probe.probe(request.imageRef(), config.verify());
        } catch (ProbeException e) {
            return probeFailed(request, info.id(), configFrom, e);
        }
        List<Check> checks = EnvironmentChecks.run(request.requirements(), result, config, configError);
        Environment env = new Environment(result.python(), result.packages());
        Optional<EnvironmentRecord> base = diffBase(request.model(), request.releaseId());
        EnvDiff diff = EnvDiffer.diff(base.map(EnvironmentRecord::environment).orElse(null), env);
        boolean passed = EnvironmentChecks.allPassed(checks);
        EnvironmentRecord.Failure failure = null;
        if (!passed) {
            List<String> failed = checks.stream().filter(c -> !c.passed()).map(Check::name).collect(Collectors.toList());
            failure = new EnvironmentRecord.Failure(ENV_MISMATCH,
                    failed.size() + " of " + checks.size() + " environment checks failed for " + request.imageRef()
                            + ": " + String.join(", ", failed),
                    EnvironmentChecks.report(checks));
        }
        return new VerificationReport(request.model(), request.imageRef(), info.id(), env, diff,
                base.map(EnvironmentRecord::releaseId).orElse(null), checks, passed, failure, configFrom);
    }

    /** How many probes ran since start; re-deliveries must not move it. */
    public long probesRun() {
        return probes.get();
    }

    private Optional<EnvironmentRecord> diffBase(String model, String releaseId) {
        Optional<EnvironmentRecord> current = history.current(model).filter(r -> !r.releaseId().equals(releaseId));
        return current.isPresent() ? current
                : history.latestPassed(model).filter(r -> !r.releaseId().equals(releaseId));
    }

    private static VerificationReport probeFailed(VerificationRequest request, String imageId, String configFrom,
                                                  ProbeException e) {
        String detail = e.detail() == null ? e.getMessage() : e.getMessage() + "\n" + e.detail();
        List<Check> checks = List.of(new Check("probe", false, detail));
        return new VerificationReport(request.model(), request.imageRef(), imageId, null, EnvDiff.none(), null, checks,
                false, new EnvironmentRecord.Failure(e.reason(), e.getMessage(), detail), configFrom);
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
