package dev.relay.env.core;

import java.util.Map;

/** An image as the engine describes it: id and OCI labels. */
public record ImageInfo(String ref, String id, long sizeBytes, Map<String, String> labels) {

    public static final String SOURCE = "org.opencontainers.image.source";
    public static final String REVISION = "org.opencontainers.image.revision";
    public static final String RELEASE_ID = "dev.relay.release-id";
    public static final String MODEL = "dev.relay.model";

    public String label(String name) {
        return labels == null ? null : labels.get(name);
    }
}
