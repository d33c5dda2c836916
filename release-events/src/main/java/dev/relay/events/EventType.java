package dev.relay.events;

import java.util.Arrays;
import java.util.Optional;

/** Every event of the contract: its topic, its CloudEvents type and the record that carries its payload. */
public enum EventType {
    RELEASE_TAGGED(Topics.RELEASE_TAGGED, ReleaseTagged.class),
    IMAGE_BUILT(Topics.IMAGE_BUILT, ImageBuilt.class),
    ENV_VERIFIED(Topics.ENV_VERIFIED, EnvVerified.class),
    MODELINFO_MIGRATED(Topics.MODELINFO_MIGRATED, ModelInfoMigrated.class),
    GITOPS_UPDATED(Topics.GITOPS_UPDATED, GitOpsUpdated.class),
    RELEASE_FAILED(Topics.RELEASE_FAILED, ReleaseFailed.class),
    RELEASE_STATUS(Topics.RELEASE_STATUS, ReleaseStatus.class),
    ROLLBACK_REQUESTED(Topics.ROLLBACK_REQUESTED, RollbackRequested.class),
    GITOPS_REVERTED(Topics.GITOPS_REVERTED, GitOpsReverted.class),
    MODELINFO_REVERTED(Topics.MODELINFO_REVERTED, ModelInfoReverted.class),
    RELEASE_ROLLEDBACK(Topics.RELEASE_ROLLEDBACK, ReleaseRolledBack.class),
    REBUILD_REQUESTED(Topics.REBUILD_REQUESTED, RebuildRequested.class),
    ROLLOUT_REQUESTED(Topics.ROLLOUT_REQUESTED, RolloutRequested.class);

    private final String topic;
    private final String ceType;
    private final Class<? extends RelayEvent> payloadType;

    EventType(String topic, Class<? extends RelayEvent> payloadType) {
        this.topic = topic;
        this.ceType = "dev.relay." + topic + ".v1";
        this.payloadType = payloadType;
    }

    public String topic() {
        return topic;
    }

    /** The CloudEvents {@code type} attribute, {@code dev.relay.<topic>.v1}. */
    public String ceType() {
        return ceType;
    }

    public Class<? extends RelayEvent> payloadType() {
        return payloadType;
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }

    public static Optional<EventType> ofTopic(String topic) {
        return Arrays.stream(values()).filter(t -> t.topic.equals(topic)).findFirst();
    }

    public static EventType of(Class<? extends RelayEvent> payloadType) {
        return Arrays.stream(values()).filter(t -> t.payloadType == payloadType).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event of the contract: " + payloadType.getName()));
    }
}
