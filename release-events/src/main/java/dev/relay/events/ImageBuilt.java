package dev.relay.events;

import java.util.Map;

/**
 * Published by image-builder.
 *
 * @param requirements the pins the model declared, normalised package name to version, in file order
 * @param buildSeconds how long the build took (0 when an existing image was re-announced)
 * @param modelConfig  the model's relay.yaml at the tagged commit; null from a producer that did not read it
 */
public record ImageBuilt(Release release, Image image, Map<String, String> requirements, double buildSeconds,
                         ModelConfig modelConfig) implements RelayEvent {

    /** An image.built of a producer that did not read relay.yaml: later stages read it from git. */
    public ImageBuilt(Release release, Image image, Map<String, String> requirements, double buildSeconds) {
        this(release, image, requirements, buildSeconds, null);
    }
}
