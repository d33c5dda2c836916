package dev.relay.builder.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An engine that builds nothing but keeps what it "built" with its labels, as the real engine does. */
final class EngineStandIn implements ImageEngine {

    final Map<String, FoundImage> byRelease = new LinkedHashMap<>();
    final List<Map<String, String>> builds = new ArrayList<>();
    final List<String> dockerfiles = new ArrayList<>();
    final List<String> pushes = new ArrayList<>();
    final List<String> tags = new ArrayList<>();
    /** The requirements.lock.txt of each build's context, "" when it had none. */
    final List<String> lockFiles = new ArrayList<>();
    /** Images the engine holds for {@link #hasImage}; every image when null. */
    java.util.Set<String> images;
    final List<String> imageChecks = new ArrayList<>();
    RuntimeException buildFailure;
    RuntimeException pushFailure;
    String pushedDigest;

    /** An image as an older builder left it: labelled for the release and commit, no event label. */
    void existing(String releaseId, String commit, String id) {
        byRelease.put(releaseId, new FoundImage(id, 7, null, List.of(),
                Map.of(ImageLabels.RELEASE_ID, releaseId, ImageLabels.REVISION, commit)));
    }

    @Override
    public Optional<FoundImage> find(String releaseId) {
        return Optional.ofNullable(byRelease.get(releaseId));
    }

    @Override
    public boolean hasImage(String ref) {
        imageChecks.add(ref);
        return images == null || images.contains(ref);
    }

    @Override
    public void tag(String imageId, String ref) {
        tags.add(imageId + " " + ref);
    }

    @Override
    public BuiltImage build(Path contextDir, String ref, Map<String, String> labels, BuildLog log) {
        try {
            dockerfiles.add(Files.readString(contextDir.resolve("Dockerfile")));
            Path lock = contextDir.resolve("requirements.lock.txt");
            lockFiles.add(Files.exists(lock) ? Files.readString(lock) : "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (buildFailure != null) {
            throw buildFailure;
        }
        builds.add(labels);
        String id = "sha256:" + String.valueOf(builds.size()).repeat(64);
        byRelease.put(labels.get(ImageLabels.RELEASE_ID), new FoundImage(id, 1234, null, List.of(ref), labels));
        return new BuiltImage(id, 1234, null);
    }

    @Override
    public String push(String ref, BuildLog log) {
        pushes.add(ref);
        if (pushFailure != null) {
            throw pushFailure;
        }
        if (pushedDigest != null) {
            // the registry digest is then part of what the engine knows about the image
            byRelease.replaceAll((k, v) -> new FoundImage(v.id(), v.sizeBytes(), pushedDigest, v.tags(), v.labels()));
        }
        return pushedDigest;
    }
}
