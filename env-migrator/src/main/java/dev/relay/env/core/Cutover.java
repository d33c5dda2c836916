package dev.relay.env.core;

import java.time.Clock;
import java.util.Optional;

/**
 * Moves "current" between environments. Without transactions (mongo-java-server has none) the order
 * matters: the old current is retired before the new one is promoted, so a crash in between leaves no
 * current rather than two, and re-delivery of gitops.updated completes the switch.
 */
public final class Cutover {

    public enum Outcome { promoted, alreadyCurrent, unknownRelease, refusedFailed }

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
            return Outcome.alreadyCurrent;
        }
        if (env.state() == EnvState.failed) {
            return Outcome.refusedFailed;
        }
        String previous = history.current(env.model()).map(EnvironmentRecord::releaseId).orElse(null);
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        history.retireCurrent(env.model(), releaseId, now);
        history.makeCurrent(releaseId, previous, now);
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
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        history.retireCurrent(model, target.releaseId(), now);
        history.makeCurrent(target.releaseId(), null, now);
        return new Rollback(model, history.find(target.releaseId()).orElseThrow(),
                history.find(current.releaseId()).orElseThrow());
    }
}
