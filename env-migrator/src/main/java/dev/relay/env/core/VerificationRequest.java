package dev.relay.env.core;

import dev.relay.events.ModelConfig;
import java.util.Map;

/**
 * What to verify.
 *
 * @param repoUrl     with {@code commit}, where relay.yaml is read when neither {@code modelConfig} nor the
 *                    image's OCI source/revision labels say otherwise; both may be null (then only the pins
 *                    and pip check are verified)
 * @param releaseId   the release being verified, null for a verification by hand
 * @param modelConfig relay.yaml as the event carried it; null when it must be read from git
 */
public record VerificationRequest(String model, String imageRef, Map<String, String> requirements, String repoUrl,
                                  String commit, String releaseId, ModelConfig modelConfig) {

    public VerificationRequest {
        requirements = requirements == null ? Map.of() : requirements;
    }

    /** A verification by hand: no release, relay.yaml only where the image's labels point. */
    public static VerificationRequest byHand(String model, String imageRef, Map<String, String> requirements) {
        return new VerificationRequest(model, imageRef, requirements, null, null, null, null);
    }
}
