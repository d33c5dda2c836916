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

    /** Suffix of the dead-letter topic that receives records of a topic that could not be parsed or validated. */
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
