package dev.relay.events.stage;

/**
 * A stage could not do its job for a reason it understands: the release ends with
 * {@code release.failed} carrying {@link #reason()}, the exception's message and {@link #detail()}.
 * Every stage's own failures extend this class, so the {@link StageRunner} reports them all the same way.
 *
 * <p>The message is published as it is: it must name what is wrong with the release (a file, a line,
 * a package) and must never carry a secret. Unexpected exceptions are not {@code StageFailure}s; the
 * runner reports those as {@link #INTERNAL_ERROR} without their text.
 */
public class StageFailure extends RuntimeException {

    /** The one reason for anything a stage did not expect (a bug, a database or engine that went away). */
    public static final String INTERNAL_ERROR = "internal-error";

    /**
     * The message of an {@link #INTERNAL_ERROR}, in events and REST answers alike: the exception's class,
     * never its text (exception texts can carry connection strings or URLs with credentials).
     */
    public static String internalErrorMessage(String stage, Throwable e) {
        return stage + " failed unexpectedly (" + e.getClass().getSimpleName() + "); the service log has the details";
    }

    private final String reason;
    private final String detail;
    private final boolean retryable;

    public StageFailure(String reason, String message, String detail) {
        this(reason, message, detail, false, null);
    }

    public StageFailure(String reason, String message, String detail, Throwable cause) {
        this(reason, message, detail, false, cause);
    }

    /**
     * @param retryable the failure may pass by itself (a lock held by another instance, a git server
     *                  briefly away): the runner publishes it but does not remember it, so a
     *                  re-delivery of the same release tries again
     */
    public StageFailure(String reason, String message, String detail, boolean retryable, Throwable cause) {
        super(requireText(message, "message"), cause);
        this.reason = requireText(reason, "reason");
        this.detail = detail == null || detail.isBlank() ? null : detail;
        this.retryable = retryable;
    }

    /** Short machine-readable code, e.g. {@code build-failed}; the {@code reason} of {@code release.failed}. */
    public String reason() {
        return reason;
    }

    /** Supporting text for humans (a log tail, the failing operation), or null. */
    public String detail() {
        return detail;
    }

    public boolean retryable() {
        return retryable;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a stage failure needs a " + what);
        }
        return value;
    }
}
