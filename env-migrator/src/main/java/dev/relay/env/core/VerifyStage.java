package dev.relay.env.core;

import dev.relay.events.Check;
import dev.relay.events.EnvDiff;
import dev.relay.events.EnvVerified;
import dev.relay.events.Environment;
import dev.relay.events.ImageBuilt;
import dev.relay.events.Release;
import dev.relay.events.stage.Stage;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * env-migrator's stage: verifies a built image's environment against what the model declared, records
 * it in the history and answers {@code env.verified}, or fails the release with the recorded reason.
 * The same verification, without recording, answers a request by hand.
 */
public final class VerifyStage implements Stage<ImageBuilt> {

    /** release.failed reason when the probe ran and at least one check failed. */
    public static final String STAGE = "env-migrator";
    public static final String ENV_MISMATCH = "env-mismatch";

    private final ImageProbe probe;
    private final ImagePuller puller;
    private final ModelConfigLookup configs;
    private final EnvironmentHistory history;
    private final Clock clock;
    private final AtomicLong probes = new AtomicLong();

    /** @param git where relay.yaml is read when an event does not carry it */
    public VerifyStage(ImageProbe probe, ModelConfigSource git, EnvironmentHistory history, Clock clock) {
        this(probe, ImagePuller.NONE, git, history, clock);
    }

    /** @param puller brings a pushed image to the probe's engine when that engine does not have it */
    public VerifyStage(ImageProbe probe, ImagePuller puller, ModelConfigSource git, EnvironmentHistory history, Clock clock) {
        this.probe = probe;
        this.puller = puller;
        this.configs = new ModelConfigLookup(git);
        this.history = history;
        this.clock = clock;
    }

    /**
     * Verifies the release once and records its environment, passed or failed, before the outcome is
     * published; a failed one ends as its recorded {@link EnvironmentRecord.Failure}.
     *
     * @throws dev.relay.events.stage.StageFailure with the failure's reason ({@value #ENV_MISMATCH} or a probe reason)
     */
    @Override
    public EnvVerified run(ImageBuilt event) {
        // Normally the runner replays a recorded release before it gets here; an environment recorded before
        // image.built was kept with it, or by another instance meanwhile, is still the result: no second probe.
        EnvironmentRecord record = history.find(event.release().releaseId()).orElseGet(() -> {
            // The probe runs where the image is: a pushed image missing here is pulled by its digest first. A pull that
            // fails is the release's failure, not a recorded environment: a re-delivery tries again.
            if (event.image().digest() != null) {
                puller.ensure(event.image().ref(), event.image().digest());
            }
            return verifyAndRecord(event);
        });
        if (!record.passed()) {
            throw record.failure().asStageFailure();
        }
        return record.verified(event);
    }

    private EnvironmentRecord verifyAndRecord(ImageBuilt event) {
        Release release = event.release();
        VerificationReport report = verify(new VerificationRequest(release.model(), event.image().ref(),
                event.requirements(), release.repoUrl(), release.commit(), release.releaseId(), event.modelConfig()));
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        EnvironmentRecord record = new EnvironmentRecord(release.releaseId(), release.model(), release.version(),
                event.image().ref(), report.imageId() != null ? report.imageId() : event.image().id(),
                report.environment(), report.checks(), report.diff(), report.diffBase(),
                report.passed() ? EnvState.qa : EnvState.failed, report.failure(), null, now, null, null, now, event);
        if (!history.insert(record)) {
            // Someone else recorded it meanwhile: theirs is the result.
            return history.find(release.releaseId()).orElse(record);
        }
        return record;
    }

    /** Verifies any image; stores nothing. A probe that cannot run is a failed report, not an exception. */
    public VerificationReport verify(VerificationRequest request) {
        ImageInfo info;
        try {
            info = probe.inspect(request.imageRef());
        } catch (ProbeException e) {
            return probeFailed(request, null, null, e);
        }
        ModelConfigLookup.Found config = configs.find(request.modelConfig(),
                first(info.label(ImageInfo.SOURCE), request.repoUrl()), first(info.label(ImageInfo.REVISION), request.commit()));
        ProbeResult result;
        try {
            probes.incrementAndGet();
            result = probe.probe(request.imageRef(), config.config().verify());
        } catch (ProbeException e) {
            return probeFailed(request, info.id(), config.from(), e);
        }
        List<Check> checks = EnvironmentChecks.run(request.requirements(), result, config.config(), config.error());
        Environment env = new Environment(result.python(), result.packages());
        Optional<EnvironmentRecord> base = diffBase(request.model(), request.releaseId());
        EnvDiff diff = EnvDiffer.diff(base.map(EnvironmentRecord::environment).orElse(null), env);
        boolean passed = EnvironmentChecks.allPassed(checks);
        EnvironmentRecord.Failure failure = null;
        if (!passed) {
            List<String> failed = checks.stream().filter(c -> !c.passed()).map(Check::name).toList();
            failure = new EnvironmentRecord.Failure(ENV_MISMATCH,
                    failed.size() + " of " + checks.size() + " environment checks failed for " + request.imageRef()
                            + ": " + String.join(", ", failed),
                    EnvironmentChecks.report(checks));
        }
        return new VerificationReport(request.model(), request.imageRef(), info.id(), env, diff,
                base.map(EnvironmentRecord::releaseId).orElse(null), checks, passed, failure, config.from());
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
