package dev.relay.builder.core;

import java.time.Instant;

/**
 * A release to build, from {@code release.tagged} or from the REST API.
 *
 * @param expectedCommit the commit the tag must point at (from the event), or null for a build by hand
 */
public record BuildRequest(String model, String version, String repoUrl, String expectedCommit, String taggedBy,
                           Instant taggedAt) {

    public String releaseId() {
        return dev.relay.events.Release.releaseIdOf(model, version);
    }
}
