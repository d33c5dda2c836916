package dev.relay.events;

/**
 * Asks for a rollback (release-bumper's {@code POST /rollbacks} publishes it; anyone may). The release
 * block is the target release's, with the rollback id as its {@code releaseId}.
 */
public record RollbackRequested(Release release, Rollback rollback) implements RelayEvent {
}
