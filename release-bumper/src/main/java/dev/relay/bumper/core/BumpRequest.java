package dev.relay.bumper.core;

/**
 * One bump to do.
 *
 * @param model        the model whose image moves
 * @param image        the image to write
 * @param version      the version named in the commit message (the release's git tag, or the image's tag)
 * @param releaseId    idempotency key; null for a bump by hand
 * @param sourceCommit the model repository commit of the release; null for a bump by hand
 * @param rollback     true when this bump undoes the current image
 * @param trailers     more trailers for the commit (source repository, rollback ids, holds), in order
 */
public record BumpRequest(String model, ImageRef image, String version, String releaseId, String sourceCommit,
                          boolean rollback, java.util.Map<String, String> trailers) {

    public BumpRequest {
        trailers = trailers == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(trailers));
    }

    public BumpRequest(String model, ImageRef image, String version, String releaseId, String sourceCommit, boolean rollback) {
        this(model, image, version, releaseId, sourceCommit, rollback, java.util.Map.of());
    }

    public static BumpRequest manual(String model, ImageRef image) {
        return new BumpRequest(model, image, image.version(), null, null, false);
    }
}
