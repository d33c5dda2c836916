package dev.relay.env.core;

/**
 * Brings a pushed image to the engine the probe runs on. image-builder may build on another engine (or another
 * replica's): what it pushed is in the registry, named by its digest, and that digest, not a tag that may have moved
 * since, is what gets verified.
 */
public interface ImagePuller {

    /** For an engine that is the builder's own, with no registry between them: never pulls. */
    ImagePuller NONE = (ref, digest) -> false;

    /**
     * Makes the engine hold {@code ref} as the image {@code digest} of ref's repository: pulled by digest
     * ({@code repository@sha256:…}) when the engine does not have it, then tagged {@code ref}.
     *
     * @return whether it was pulled
     * @throws PullException when the registry refused the credentials, did not answer, or has no such image
     */
    boolean ensure(String ref, String digest);
}
