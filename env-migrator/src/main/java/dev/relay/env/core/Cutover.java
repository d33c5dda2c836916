package dev.relay.env.core;

import java.time.Clock;
import java.util.Optional;

/**
 * Moves "current" between environments. Without transactions (mongo-java-server has none) the order
 * matters: the new current is promoted before the old one is retired. Between the two writes (or after
 * a crash there) two records are current and {@link EnvironmentHistory#current} answers the newer one,
 * so a reader never finds no current environment (retiring first left a window where {@code GET
 * .../current} answered 404, seen in the end-to-end test); re-delivery of gitops.updated, or the next
 * promotion, retires the older one.
 */
public final class Cutover {

    /** {@code refusedRolledBack}: the release was undone by a rollback ({@link EnvState#rolledBack}); it stays so. */
    public enum Outcome { promoted, alreadyCurrent, unknownRelease, refusedFailed, refusedRolledBack }

    public record Rollback(String model, EnvironmentRecord current, EnvironmentRecord retired) {
    }

    /** Rollback impossible: no current environment or nothing before it. */
    public static class NothingToRollBack extends RuntimeException {
        public NothingToRollBack(String message) {
            super(message);
        }
    }

    private final EnvironmentHistory history;
    private final Clock clock;

    public Cutover(EnvironmentHistory history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    public Outcome promote(String releaseId) {
        Optional<EnvironmentRecord> found = history.find(releaseId);
        if (found.isEmpty()) {
            return Outcome.unknownRelease;
        }
        EnvironmentRecord env = found.get();
        if (env.state() == EnvState.current) {
            // A re-delivery after a crash between the two writes below: finish the switch.
            history.retireCurrent(env.model(), releaseId, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            return Outcome.alreadyCurrent;
        }
        if (env.state() == EnvState.failed) {
            return Outcome.refusedFailed;
        }
        if (env.state() == EnvState.rolledBack) {
            return Outcome.refusedRolledBack;
        }
        String previous = history.current(env.model()).map(EnvironmentRecord::releaseId).orElse(null);
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        history.makeCurrent(releaseId, previous, now);
        history.retireCurrent(env.model(), releaseId, now);
        return Outcome.promoted;
    }

    /** The environment that was current before the current one becomes current again; the current one is retired. */
    public Rollback rollback(String model) {
        EnvironmentRecord current = history.current(model)
                .orElseThrow(() -> new NothingToRollBack("model " + model + " has no current environment"));
        if (current.previous() == null) {
            throw new NothingToRollBack("the current environment " + current.releaseId()
                    + " was the model's first; there is nothing to roll back to");
        }
        EnvironmentRecord target = history.find(current.previous())
                .orElseThrow(() -> new NothingToRollBack("previous environment " + current.previous() + " is not in the history"));
        if (target.state() == EnvState.rolledBack) {
            throw new NothingToRollBack("previous environment " + target.releaseId()
                    + " was rolled back; only a rollback to it (release.rolledback) makes it current again");
        }
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        history.makeCurrent(target.releaseId(), null, now);
        history.retireCurrent(model, target.releaseId(), now);
        return new Rollback(model, history.find(target.releaseId()).orElseThrow(),
                history.find(current.releaseId()).orElseThrow());
    }
}
