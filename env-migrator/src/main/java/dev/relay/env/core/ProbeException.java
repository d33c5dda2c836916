package dev.relay.env.core;

/** The probe could not look inside the image at all; {@code reason} is the release.failed code. */
public class ProbeException extends RuntimeException {

    public static final String IMAGE_NOT_FOUND = "image-not-found";
    public static final String NO_PYTHON = "no-python";
    public static final String NO_PIP = "no-pip";
    public static final String TIMEOUT = "probe-timeout";
    public static final String FAILED = "probe-failed";

    private final String reason;
    private final String detail;

    public ProbeException(String reason, String message, String detail) {
        super(message);
        this.reason = reason;
        this.detail = detail;
    }

    public ProbeException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.detail = null;
    }

    public String reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
