package dev.relay.env.core;

import java.util.List;

/** Looks inside an image. The Docker implementation runs a short-lived, network-less container. */
public interface ImageProbe {

    /** @throws ProbeException with {@link ProbeException#IMAGE_NOT_FOUND} when the engine has no such image */
    ImageInfo inspect(String imageRef);

    /** Interpreter, installed distributions, pip check and the verify commands, all in one container run. */
    ProbeResult probe(String imageRef, List<String> verifyCommands);
}
