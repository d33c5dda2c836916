package dev.relay.builder.core;

import dev.relay.events.ImageBuilt;
import dev.relay.events.Release;

/**
 * How a build ended.
 *
 * @param release the release (null when it failed before the commit was known, e.g. unknown tag on a build by hand)
 * @param built   the event to publish on success
 * @param failure the failure, or null
 * @param reused  true when an image built earlier for the same release and commit was announced again
 * @param logTail the last build log lines
 */
public record BuildOutcome(Release release, ImageBuilt built, BuildFailure failure, boolean reused, String logTail) {

    public boolean succeeded() {
        return failure == null;
    }
}
