package dev.relay.events;

/**
 * Published by release-bumper: the model's image references in the GitOps repository are back at the
 * target release's image ({@code gitops.commit} carries trailers Relay-Rollback-Id, -Of, -To). In a dry
 * run nothing is committed: {@code gitops.commit} is the head the plan was made on and {@code gitops.files}
 * the files that would change. {@code rollback.releases} names the releases undone, for the later stages.
 */
public record GitOpsReverted(Release release, Rollback rollback, GitOps gitops) implements RelayEvent {
}
