package dev.relay.builder.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The container engine as the builder needs it. */
public interface ImageEngine {

    /** An image built and labelled. */
    record BuiltImage(String id, long sizeBytes, String digest) {
    }

    /**
     * An image the engine holds for a release.
     *
     * @param digest the registry digest, null when the image was never pushed
     * @param tags   its {@code repo:tag} references
     * @param labels its labels ({@link ImageLabels})
     */
    record FoundImage(String id, long sizeBytes, String digest, List<String> tags, Map<String, String> labels) {

        public BuiltImage built() {
            return new BuiltImage(id, sizeBytes, digest);
        }
    }

    /** The newest image labelled with {@code releaseId}, if any. */
    Optional<FoundImage> find(String releaseId);

    /**
     * Whether the engine holds the image {@code ref} (a base image), without pulling it: a campaign's rebuild checks its
     * base before anything is built, so a missing base is named as such rather than failing deep in a build.
     */
    boolean hasImage(String ref);

    /** Tags an existing image {@code ref} (again). */
    void tag(String imageId, String ref);

    /** Builds the context with its {@code Dockerfile}, tags it {@code ref} and labels it. */
    BuiltImage build(Path contextDir, String ref, Map<String, String> labels, BuildLog log);

    /** Pushes {@code ref} when a registry is configured; returns the registry digest, or null when nothing was pushed. */
    String push(String ref, BuildLog log);
}
