package dev.relay.events;

/** Kafka topic names of the release chain, in the order a release travels through them. */
public final class Topics {

    public static final String RELEASE_TAGGED = "release.tagged";
    public static final String IMAGE_BUILT = "image.built";
    public static final String ENV_VERIFIED = "env.verified";
    public static final String MODELINFO_MIGRATED = "modelinfo.migrated";
    public static final String GITOPS_UPDATED = "gitops.updated";
    public static final String RELEASE_FAILED = "release.failed";
    public static final String RELEASE_STATUS = "release.status";
    /** A rollback travels the chain backwards on these four, in this order. */
    public static final String ROLLBACK_REQUESTED = "rollback.requested";
    public static final String GITOPS_REVERTED = "gitops.reverted";
    public static final String MODELINFO_REVERTED = "modelinfo.reverted";
    public static final String RELEASE_ROLLEDBACK = "release.rolledback";
    /** A platform-upgrade campaign: a rebuild per model, then a rollout to the rebuilt (or back to the old) image. */
    public static final String REBUILD_REQUESTED = "rebuild.requested";
    public static final String ROLLOUT_REQUESTED = "rollout.requested";

    /** Suffix of the dead-letter topic that receives records of a topic that could not be parsed or validated. */
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
