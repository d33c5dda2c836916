package dev.relay.env.core;

import dev.relay.events.ImageBuilt;
import dev.relay.events.RelayEvent;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.StageResults;
import java.util.Optional;

/**
 * The stage's outcomes are its environment history: a release with a recorded environment has reached
 * its outcome, {@code env.verified} when the environment passed, else its {@code release.failed}.
 */
public final class HistoryStageResults implements StageResults {

    private final EnvironmentHistory history;
    private final StageEvents events;

    public HistoryStageResults(EnvironmentHistory history, StageEvents events) {
        this.history = history;
        this.events = events;
    }

    /** Empty for an environment recorded without its image.built: {@link VerifyStage} then answers from the record. */
    @Override
    public Optional<RelayEvent> find(String releaseId) {
        return history.find(releaseId).filter(r -> r.imageBuilt() != null).map(HistoryStageResults.this::outcome);
    }

    /** Nothing to do: {@link VerifyStage} records the environment, and so the outcome, before it returns. */
    @Override
    public void save(String releaseId, RelayEvent outcome) {
    }

    private RelayEvent outcome(EnvironmentRecord r) {
        ImageBuilt built = r.imageBuilt();
        if (r.passed()) {
            return r.verified(built);
        }
        var failure = r.failure().asStageFailure();
        return events.failure(built.release(), failure.reason(), failure.getMessage(), failure.detail());
    }
}
