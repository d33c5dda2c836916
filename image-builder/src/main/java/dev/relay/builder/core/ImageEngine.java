package dev.relay.builder.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The container engine as the builder needs it. */
public interface ImageEngine {

    /** An image built and labelled */
    record BuiltImage(String id, long sizeBytes, String digest) {
    }

    /** An image already built for this release and commit, found by its labels, tagged {@code ref} again if needed. */
    Optional<BuiltImage> findExisting(String releaseId, String commit, String ref);

    /** Builds the context with its {@code Dockerfile}, tags it {@code ref} and labels it. */
    BuiltImage build(Path contextDir, String ref, Map<String, String> labels, BuildLog log);

    /** Pushes {@code ref} when a registry is configured; returns the registry digest, or null when nothing was pushed. */
    String push(String ref, BuildLog log);
}
