package dev.relay.env.core;

import dev.relay.events.EnvDiff;
import dev.relay.events.Environment;
import dev.relay.events.ModelInfoReverted;
import dev.relay.events.Release;
import dev.relay.events.ReleaseRolledBack;
import dev.relay.events.ReleaseRolledBack.EnvironmentChange;
import dev.relay.events.Rollback;
import dev.relay.events.stage.Stage;
import dev.relay.events.stage.StageFailure;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The last step of a rollback: {@code modelinfo.reverted} in (GitOps and the ModelInfo documents are back at the
 * target release), the target's environment current again and the releases undone marked
 * {@link EnvState#rolledBack}, {@code release.rolledback} out with the environment before and after.
 *
 * <p>The target ({@code <model>@<rollback.to>}) must be in the history and have passed verification, else the
 * rollback fails ({@value #UNKNOWN_RELEASE}, {@value #TARGET_NOT_VERIFIED}) and nothing changes. A target that is
 * current already is a success that changes nothing; a dry run reports the change and makes none. Otherwise the
 * target is promoted first and only then are the others marked and retired (the order of {@link Cutover}: a reader
 * never finds no current environment). The event's {@code release.releaseId} is the rollback id, so the runner
 * replays a stored outcome; {@link RollbackLog#begun} covers a crash between the writes and that store.
 */
public final class RollbackStage implements Stage<ModelInfoReverted> {

    public static final String UNKNOWN_RELEASE = "unknown-release";
    public static final String TARGET_NOT_VERIFIED = "target-not-verified";
    private static final System.Logger LOG = System.getLogger(RollbackStage.class.getName());

    private final EnvironmentHistory history;
    private final RollbackLog log;
    private final Clock clock;

    public RollbackStage(EnvironmentHistory history, RollbackLog log, Clock clock) {
        this.history = history;
        this.log = log;
        this.clock = clock;
    }

    /** @throws StageFailure {@value #UNKNOWN_RELEASE} or {@value #TARGET_NOT_VERIFIED}; nothing was changed */
    @Override
    public ReleaseRolledBack run(ModelInfoReverted event) {
        Rollback rollback = event.rollback();
        if (!rollback.dryRun()) {
            Optional<ReleaseRolledBack> begun = log.begun(rollback.rollbackId())
                    .filter(b -> Objects.equals(b.release().commit(), event.release().commit()));
            if (begun.isPresent()) {
                // Began before and did not get as far as its stored outcome: the same writes again, the same answer.
                LOG.log(Level.INFO, () -> rollback.rollbackId() + " began before; finishing it");
                apply(rollback, begun.get().environment().to());
                return begun.get();
            }
        }
        String targetId = Release.releaseIdOf(rollback.model(), rollback.to());
        EnvironmentRecord target = history.find(targetId).orElseThrow(() -> new StageFailure(UNKNOWN_RELEASE,
                "env-migrator has no environment of " + targetId + ", the target of " + rollback.rollbackId()
                        + "; nothing was changed", null));
        if (!target.passed() || target.environment() == null) {
            throw new StageFailure(TARGET_NOT_VERIFIED, "the environment of " + targetId + " did not pass verification ("
                    + (target.failure() == null ? "no environment recorded" : target.failure().reason())
                    + "); it cannot become current again; nothing was changed",
                    target.failure() == null ? null : target.failure().message());
        }
        Optional<EnvironmentRecord> from = history.current(rollback.model());
        ReleaseRolledBack answer = new ReleaseRolledBack(event.release(), rollback, change(from.orElse(null), target));
        boolean noop = from.isPresent() && from.get().releaseId().equals(targetId);
        if (rollback.dryRun() || noop) {
            LOG.log(Level.INFO, () -> rollback.rollbackId() + (noop ? ": " + targetId + " is current already; nothing to do"
                    : ": dry run, would make " + targetId + " current instead of " + from.map(EnvironmentRecord::releaseId).orElse("none")));
            return answer;
        }
        log.begin(answer);
        apply(rollback, targetId);
        LOG.log(Level.INFO, () -> rollback.rollbackId() + ": " + targetId + " is current again instead of "
                + from.map(EnvironmentRecord::releaseId).orElse("none") + "; rolled back "
                + rollback.releases().stream().map(Rollback.RolledBackRelease::releaseId).toList());
        return answer;
    }

    /** Idempotent, so a re-delivery may run it again: promote the target, then mark the undone, then retire the rest. */
    private void apply(Rollback rollback, String targetId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        history.makeCurrent(targetId, null, now);
        for (Rollback.RolledBackRelease undone : rollback.releases()) {
            // Releases env-migrator never verified have no environment to mark; another model's are not this rollback's.
            if (!undone.releaseId().equals(targetId)
                    && history.find(undone.releaseId()).filter(r -> r.model().equals(rollback.model())).isPresent()) {
                history.markRolledBack(undone.releaseId(), now);
            }
        }
        // What was current and is not among the releases undone (env-migrator's current may differ from GitOps').
        history.retireCurrent(rollback.model(), targetId, now);
    }

    private static EnvironmentChange change(EnvironmentRecord from, EnvironmentRecord to) {
        Environment before = from == null ? null : from.environment();
        EnvDiff diff = EnvDiffer.diff(before, to.environment());
        return new EnvironmentChange(from == null ? null : from.releaseId(), to.releaseId(),
                from == null ? null : from.imageRef(), to.imageRef(), diff);
    }
}
