package dev.relay.builder.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.relay.events.EventCodec;
import dev.relay.events.ImageBuilt;
import dev.relay.events.Release;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The labels of a model image. Besides the OCI ones, {@value #IMAGE_BUILT} holds the
 * {@code image.built} event of the image without what only the engine knows (id, size, digest):
 * the engine is the builder's store of outcomes, so a re-delivered release is announced again from
 * its image, across restarts and replicas, without a database.
 */
public final class ImageLabels {

    public static final String SOURCE = "org.opencontainers.image.source";
    public static final String REVISION = "org.opencontainers.image.revision";
    public static final String VERSION = "org.opencontainers.image.version";
    public static final String CREATED = "org.opencontainers.image.created";
    public static final String RELEASE_ID = "dev.relay.release-id";
    public static final String MODEL = "dev.relay.model";
    public static final String IMAGE_BUILT = "dev.relay.image-built";
    /** The campaign a rebuilt image belongs to, so an engine's campaign images can be listed (and cleaned up) by it. */
    public static final String CAMPAIGN = "dev.relay.campaign";

    private static final EventCodec CODEC = new EventCodec();

    private ImageLabels() {
    }

    /**
     * @param announced the event to publish once built; its image id, size and digest are not known
     *                  yet and are not stored
     */
    public static Map<String, String> of(ImageBuilt announced, Instant created) {
        Release release = announced.release();
        Map<String, String> labels = new LinkedHashMap<>();
        // The release passed the contract's validator, so its URL carries no credentials.
        labels.put(SOURCE, release.repoUrl());
        labels.put(REVISION, release.commit());
        labels.put(VERSION, release.version());
        labels.put(CREATED, created.toString());
        labels.put(RELEASE_ID, release.releaseId());
        labels.put(MODEL, release.model());
        if (announced.campaign() != null) {
            labels.put(CAMPAIGN, announced.campaign().campaignId());
        }
        try {
            // The mapper, not encode(): the codec validates, and an event without an image id is not valid yet.
            labels.put(IMAGE_BUILT, CODEC.mapper().writeValueAsString(announced));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return labels;
    }

    /** The event stored in the labels (image id, size and digest not filled in), if they hold one. */
    public static Optional<ImageBuilt> announced(Map<String, String> labels) {
        String json = labels == null ? null : labels.get(IMAGE_BUILT);
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CODEC.mapper().readValue(json, ImageBuilt.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
