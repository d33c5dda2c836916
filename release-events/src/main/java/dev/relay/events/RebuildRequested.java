package dev.relay.events;

/**
 * Asks image-builder to rebuild a model's current release on a campaign's base image (env-migrator's
 * {@code POST /campaigns} publishes one per selected model). The release block is the current release's, with the
 * campaign rebuild id ({@link Campaign#releaseIdOf}) as its {@code releaseId}.
 */
public record RebuildRequested(Release release, Campaign campaign) implements RelayEvent {
}
