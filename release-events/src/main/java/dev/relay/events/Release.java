package dev.relay.events;

import java.time.Instant;

/**
 * The release block every event carries.
 *
 * @param releaseId deterministic id of the release, {@code <model>@<version>}; the idempotency key
 * @param model     model name, {@code [a-z0-9][a-z0-9-]{0,62}}
 * @param version   the git tag
 * @param repoUrl   where the model source lives
 * @param commit    the full SHA-1 the tag points at
 * @param taggedBy  who pushed the tag
 * @param taggedAt  when the tag was pushed
 */
public record Release(String releaseId, String model, String version, String repoUrl, String commit,
                      String taggedBy, Instant taggedAt) {

    public static String releaseIdOf(String model, String version) {
        return model + "@" + version;
    }

    /** A release whose id is derived from model and version, as every producer must derive it. */
    public static Release of(String model, String version, String repoUrl, String commit, String taggedBy, Instant taggedAt) {
        return new Release(releaseIdOf(model, version), model, version, repoUrl, commit, taggedBy, taggedAt);
    }
}
