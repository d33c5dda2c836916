package dev.relay.events.stage;

import dev.relay.events.RelayEvent;

/**
 * The work of one stage: one event in, the stage's result event out. Everything around the work
 * (status events, failures, replays) is the {@link StageRunner}'s, so a stage is only its logic.
 *
 * @param <I> the event the stage consumes
 */
@FunctionalInterface
public interface Stage<I extends RelayEvent> {

    /**
     * Does the stage's job for one release.
     *
     * @return the result to publish, e.g. an {@code ImageBuilt}
     * @throws StageFailure when the release cannot pass this stage; any other exception is reported
     *                      as {@link StageFailure#INTERNAL_ERROR}
     */
    RelayEvent run(I input);
}
