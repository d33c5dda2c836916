package dev.relay.bumper.core;

import dev.relay.events.stage.StageFailure;

/**
 * A bump that could not be done, with the short reason code published in {@code release.failed}.
 * Messages are built from sanitised text only: they never carry credentials.
 */
public class BumpFailure extends StageFailure {

    public static final String UNPARSABLE = "gitops-unparsable";
    public static final String NO_TARGET = "gitops-no-target";
    public static final String PUSH_FAILED = "gitops-push-failed";
    public static final String AUTH_FAILED = "gitops-auth-failed";
    public static final String GIT_FAILED = "gitops-git-failed";
    public static final String NO_PREVIOUS = "gitops-no-previous";
    public static final String INVALID_IMAGE = "gitops-invalid-image";
    public static final String NOT_CONFIGURED = "gitops-not-configured";
    /** A release that a rollback undid is not deployed again until its hold is lifted. */
    public static final String HELD = "held";

    public BumpFailure(String reason, String message, String detail) {
        super(reason, message, detail);
    }

    public BumpFailure(String reason, String message) {
        this(reason, message, null);
    }

    private BumpFailure(String reason, String message, String detail, boolean retryable) {
        super(reason, message, detail, retryable, null);
    }

    /**
     * A failure that may pass by itself (the remote was away, the branch kept moving): the stage
     * runner publishes it but does not remember it, so a re-delivery of the release tries again.
     */
    public static BumpFailure retryable(String reason, String message, String detail) {
        return new BumpFailure(reason, message, detail, true);
    }
}
