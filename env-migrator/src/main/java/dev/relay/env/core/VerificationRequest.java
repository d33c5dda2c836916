package dev.relay.env.core;

import java.util.Map;

/**
 * What to verify. {@code repoUrl} and {@code commit} locate relay.yaml when the image carries no OCI
 * source/revision labels; both may be null (then only the pins and pip check are verified).
 */
public record VerificationRequest(String model, String imageRef, Map<String, String> requirements, String repoUrl,
                                  String commit, String releaseId) {

    public VerificationRequest {
        requirements = requirements == null ? Map.of() : requirements;
    }
}
