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
 */
public record BumpRequest(String model, ImageRef image, String version, String releaseId, String sourceCommit,
                          boolean rollback) {

    public static BumpRequest manual(String model, ImageRef image) {
        return new BumpRequest(model, image, image.version(), null, null, false);
    }
}
