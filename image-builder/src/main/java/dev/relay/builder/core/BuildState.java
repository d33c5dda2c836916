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

    public boolean finished() {
        return state == State.succeeded || state == State.failed;
    }
}
