package dev.relay.events;

import java.util.Map;

/**
 * Published by image-builder.
 *
 * @param requirements the pins the model declared, normalised package name to version, in file order
 * @param buildSeconds how long the build took (0 when an existing image was re-announced)
 * @param modelConfig  the model's relay.yaml at the tagged commit; null from a producer that did not read it
 * @param campaign     set when the image is a campaign's rebuild ({@code rebuild.requested}): env-migrator then verifies
 *                     it for the campaign's report and publishes no {@code env.verified}; null for a release
 */
public record ImageBuilt(Release release, Image image, Map<String, String> requirements, double buildSeconds,
                         ModelConfig modelConfig, Campaign campaign) implements RelayEvent {

    /** A release's image.built (no campaign). */
    public ImageBuilt(Release release, Image image, Map<String, String> requirements, double buildSeconds,
                      ModelConfig modelConfig) {
        this(release, image, requirements, buildSeconds, modelConfig, null);
    }

    /** An image.built of a producer that did not read relay.yaml: later stages read it from git. */
    public ImageBuilt(Release release, Image image, Map<String, String> requirements, double buildSeconds) {
        this(release, image, requirements, buildSeconds, null, null);
    }
}
