package dev.relay.builder.core;

/**
 * Where a build stands, for {@code GET /builds/{releaseId}}.
 *
 * @param state   queued, building, succeeded or failed
 * @param image   the image reference once built
 * @param reason  the failure reason code
 * @param logTail the last build log lines
 */
public record BuildState(State state, String image, String imageId, String reason, String message, String logTail) {

    public enum State {
        queued, building, succeeded, failed
    }

    public static BuildState queued() {
        return new BuildState(State.queued, null, null, null, null, "");
    }

    public static BuildState building() {
        return new BuildState(State.building, null, null, null, null, "");
    }

    public static BuildState of(BuildOutcome outcome) {
        if (outcome.succeeded()) {
            return new BuildState(State.succeeded, outcome.built().image().ref(), outcome.built().image().id(), null, null,
                    outcome.logTail());
        }
        return new BuildState(State.failed, null, null, outcome.failure().reason(), outcome.failure().getMessage(), outcome.logTail());
    }

    public boolean finished() {
        return state == State.succeeded || state == State.failed;
    }
}
