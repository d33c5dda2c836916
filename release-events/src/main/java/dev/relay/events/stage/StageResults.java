package dev.relay.events.stage;

import dev.relay.events.RelayEvent;
import java.util.Optional;

/**
 * The outcome a stage reached for a release (its result event or its {@code release.failed}), kept
 * so that a re-delivered record re-publishes it instead of doing the work again. Each service backs
 * it with its own store (MongoDB, the engine's image labels, the GitOps history).
 */
public interface StageResults {

    /** The stored outcome of {@code releaseId}, if the stage reached one before. */
    Optional<RelayEvent> find(String releaseId);

    /** Remembers an outcome; called once per release, after the work and before publishing. */
    void save(String releaseId, RelayEvent outcome);

    /** For a stage whose work is idempotent by itself and that keeps no outcomes. */
    static StageResults none() {
        return new StageResults() {
            @Override
            public Optional<RelayEvent> find(String releaseId) {
                return Optional.empty();
            }

            @Override
            public void save(String releaseId, RelayEvent outcome) {
            }
        };
    }
}
