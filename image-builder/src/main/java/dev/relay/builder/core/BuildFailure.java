package dev.relay.builder.core;

import dev.relay.events.stage.StageFailure;
import java.util.Set;

/**
 * Why a release could not be built: a short reason code for {@code release.failed}, one sentence
 * for humans and optional detail (a log tail). The {@code StageRunner} publishes it as it is.
 */
public class BuildFailure extends StageFailure {

    public static final String TAG_MOVED = "tag-moved";
    public static final String UNKNOWN_TAG = "unknown-tag";
    public static final String REPO_UNREACHABLE = "repo-unreachable";
    public static final String CONTEXT_TOO_LARGE = "context-too-large";
    public static final String BUILD_FAILED = "build-failed";
    public static final String BUILD_TIMEOUT = "build-timeout";
    public static final String PUSH_FAILED = "push-failed";
    public static final String ENGINE_UNAVAILABLE = "engine-unavailable";
    /** The registry refused the configured credentials (or asked for some and none are configured): no retry helps. */
    public static final String REGISTRY_UNAUTHORIZED = "registry-unauthorized";
    /** Nothing answered at the registry's address, after the push was tried again a few times with backoff. */
    public static final String REGISTRY_UNAVAILABLE = "registry-unavailable";
    /** The base image is not on the engine: a campaign's, checked before its build, or a release's whose build failed. */
    public static final String BASE_IMAGE_MISSING = "base-image-missing";
    /** A campaign cannot move a model that builds from its own Dockerfile to another base. */
    public static final String OWN_DOCKERFILE = "own-dockerfile";

    /** Failures of something outside the release (git server, engine, registry) that may pass by themselves. */
    private static final Set<String> RETRYABLE = Set.of(REPO_UNREACHABLE, ENGINE_UNAVAILABLE, PUSH_FAILED, REGISTRY_UNAVAILABLE);

    public BuildFailure(String reason, String message, String detail) {
        this(reason, message, detail, null);
    }

    public BuildFailure(String reason, String message, String detail, Throwable cause) {
        super(reason, message, detail, RETRYABLE.contains(reason), cause);
    }
}
