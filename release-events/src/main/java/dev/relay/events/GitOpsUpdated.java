package dev.relay.events;

/**
 * Published by release-bumper.
 *
 * @param campaign set when the change was a campaign's rollout ({@code rollout.requested}), whose step says which
 *                 environment env-migrator makes current; null for a release
 */
public record GitOpsUpdated(Release release, Image image, GitOps gitops, ModelConfig modelConfig, Campaign campaign)
        implements RelayEvent {

    /** A release's gitops.updated (no campaign). */
    public GitOpsUpdated(Release release, Image image, GitOps gitops, ModelConfig modelConfig) {
        this(release, image, gitops, modelConfig, null);
    }

    /** Without the model's relay.yaml (null). */
    public GitOpsUpdated(Release release, Image image, GitOps gitops) {
        this(release, image, gitops, null, null);
    }
}
