package dev.relay.events;

import java.time.Instant;

/**
 * Published by every stage when it starts and ends work on a release, for timelines.
 *
 * @param millis time spent in the stage so far (0 for {@code started})
 */
public record ReleaseStatus(Release release, String stage, State state, Instant at, long millis) implements RelayEvent {

    public enum State {
        started, succeeded, failed
    }
}
