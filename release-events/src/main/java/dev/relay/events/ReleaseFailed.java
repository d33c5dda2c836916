package dev.relay.events;

/**
 * Published by any stage that cannot do its job; the chain stops there for that release.
 *
 * @param stage   the stage that failed, e.g. {@code image-builder}
 * @param reason  short machine-readable code, e.g. {@code build-failed}
 * @param message one sentence for humans
 * @param detail  supporting text, e.g. the tail of a build log (may be null)
 */
public record ReleaseFailed(Release release, String stage, String reason, String message, String detail)
        implements RelayEvent {
}
