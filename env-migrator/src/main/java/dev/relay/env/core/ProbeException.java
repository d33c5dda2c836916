package dev.relay.env.core;

import dev.relay.events.stage.StageFailure;

/** The probe could not look inside the image at all; {@link #reason()} is the release.failed code. */
public class ProbeException extends StageFailure {

    public static final String IMAGE_NOT_FOUND = "image-not-found";
    public static final String NO_PYTHON = "no-python";
    public static final String NO_PIP = "no-pip";
    public static final String TIMEOUT = "probe-timeout";
    public static final String FAILED = "probe-failed";

    public ProbeException(String reason, String message, String detail) {
        super(reason, message, detail);
    }

    public ProbeException(String reason, String message, Throwable cause) {
        super(reason, message, null, cause);
    }
}
