package dev.relay.events;

/**
 * Asks release-bumper to put {@code image} in the GitOps repository for a campaign: the rebuilt image at cutover,
 * the pre-campaign image at rollback (env-migrator publishes one per model). release-bumper answers
 * {@code gitops.updated} with the same campaign block, on which env-migrator makes the matching environment current.
 * The release block is the model's current release with the rollout's id ({@link Campaign#releaseIdOf}, step
 * {@code cutover} or {@code rollback}) as its {@code releaseId}.
 */
public record RolloutRequested(Release release, Image image, Campaign campaign) implements RelayEvent {
}
