package dev.relay.events;

/** Published by release-bumper. */
public record GitOpsUpdated(Release release, Image image, GitOps gitops, ModelConfig modelConfig) implements RelayEvent {

    /** Without the model's relay.yaml (null). */
    public GitOpsUpdated(Release release, Image image, GitOps gitops) {
        this(release, image, gitops, null);
    }
}
