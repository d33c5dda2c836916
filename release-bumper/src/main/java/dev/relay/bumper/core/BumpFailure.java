package dev.relay.bumper.core;

/**
 * A bump that could not be done, with the short reason code published in {@code release.failed}.
 * Messages are built from sanitised text only: they never carry credentials.
 */
public class BumpFailure extends RuntimeException {

    public static final String UNPARSABLE = "gitops-unparsable";
    public static final String NO_TARGET = "gitops-no-target";
    public static final String PUSH_FAILED = "gitops-push-failed";
    public static final String AUTH_FAILED = "gitops-auth-failed";
    public static final String GIT_FAILED = "gitops-git-failed";
    public static final String NO_PREVIOUS = "gitops-no-previous";

    private final String reason;
    private final String detail;

    public BumpFailure(String reason, String message, String detail) {
        super(message);
        this.reason = reason;
        this.detail = detail;
    }

    public BumpFailure(String reason, String message) {
        this(reason, message, null);
    }

    public String reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
