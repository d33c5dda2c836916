package dev.relay.events;

/** Published by release-bumper. */
public record GitOpsUpdated(Release release, Image image, GitOps gitops) implements RelayEvent {
}
