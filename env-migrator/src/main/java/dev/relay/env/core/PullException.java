package dev.relay.env.core;

import dev.relay.events.stage.StageFailure;

/** The image of {@code image.built} is not on the probe's engine and could not be pulled from its registry. */
public class PullException extends StageFailure {

    /** The registry refused the configured credentials, or wants some and none are configured for it. */
    public static final String UNAUTHORIZED = "registry-unauthorized";
    /** Nothing answered at the registry's address. */
    public static final String UNAVAILABLE = "registry-unavailable";
    /** Any other refusal, e.g. the registry has no manifest with that digest. */
    public static final String FAILED = "image-pull-failed";

    /**
     * Retryable except for refused credentials: nothing is recorded in the history, so a re-delivery (or a by-hand
     * re-run) pulls again once the registry is back.
     */
    public PullException(String reason, String message, Throwable cause) {
        super(reason, message, null, !UNAUTHORIZED.equals(reason), cause);
    }
}
