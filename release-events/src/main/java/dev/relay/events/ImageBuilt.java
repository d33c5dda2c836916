package dev.relay.events;

import java.util.Map;

/**
 * Published by image-builder.
 *
 * @param requirements the pins the model declared, normalised package name to version, in file order
 * @param buildSeconds how long the build took (0 when an existing image was re-announced)
 */
public record ImageBuilt(Release release, Image image, Map<String, String> requirements, double buildSeconds)
        implements RelayEvent {
}
