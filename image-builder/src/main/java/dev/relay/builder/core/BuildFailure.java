package dev.relay.builder.core;

/**
 * Why a release could not be built: a short reason code for {@code release.failed}, one sentence
 * for humans and optional detail (a log tail, the list of requirement problems).
 */
public class BuildFailure extends RuntimeException {

    public static final String TAG_MOVED = "tag-moved";
    public static final String UNKNOWN_TAG = "unknown-tag";
    public static final String REPO_UNREACHABLE = "repo-unreachable";
    public static final String INVALID_REQUIREMENTS = "invalid-requirements";
    public static final String INVALID_RELAY_YAML = "invalid-relay-yaml";
    public static final String CONTEXT_TOO_LARGE = "context-too-large";
    public static final String BUILD_FAILED = "build-failed";
    public static final String BUILD_TIMEOUT = "build-timeout";
    public static final String PUSH_FAILED = "push-failed";
    public static final String ENGINE_UNAVAILABLE = "engine-unavailable";
    public static final String INTERNAL = "internal-error";

    private final String reason;
    private final String detail;

    public BuildFailure(String reason, String message, String detail) {
        super(message);
        this.reason = reason;
        this.detail = detail;
    }

    public BuildFailure(String reason, String message, String detail, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.detail = detail;
    }

    public String reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
