package dev.relay.events;

/**
 * A built model image.
 *
 * @param ref       the reference it is tagged with, {@code [<registry>/]<model>:<version>}
 * @param id        the engine's image id ({@code sha256:...})
 * @param digest    the registry digest, present once the image was pushed
 * @param sizeBytes the image size
 * @param baseImage the image it was built from
 */
public record Image(String ref, String id, String digest, long sizeBytes, String baseImage) {
}
