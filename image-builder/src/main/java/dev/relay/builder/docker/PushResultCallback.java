package dev.relay.builder.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.relay.builder.core.BuildFailure;
import dev.relay.builder.core.BuildLog;
import dev.relay.events.Redaction;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a push: progress goes to the build log and the first error item the engine streams is
 * kept, since the engine reports a refused push as a normal item, not as a failed request. The
 * manifest digest the registry answered comes as the push's last, {@code aux} item.
 */
final class PushResultCallback extends ResultCallback.Adapter<PushResponseItem> {

    private final BuildLog log;
    private final String password;
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicReference<String> digest = new AtomicReference<>();

    /** What the engine says when the registry refused the credentials (docker's registry client, distribution's errors). */
    private static final List<String> UNAUTHORIZED = List.of("unauthorized", "authentication required", "denied",
            "no basic auth credentials", "incorrect username or password");
    /** What the engine says when nothing (or nothing sane) answered at the registry's address: worth trying again. */
    private static final List<String> UNAVAILABLE = List.of("connection refused", "no such host", "i/o timeout",
            "connection reset", "network is unreachable", "no route to host", "tls handshake timeout",
            "502 bad gateway", "503 service unavailable", "504 gateway timeout");

    /** @param password removed from anything logged or reported, in case a message ever echoes it */
    PushResultCallback(BuildLog log, String password) {
        this.log = log;
        this.password = password;
    }

    @Override
    public void onNext(PushResponseItem item) {
        if (item.getStatus() != null) {
            log.line("push: " + redact(item.getStatus(), password));
        }
        if (item.isErrorIndicated()) {
            String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage() : String.valueOf(item.getError());
            message = redact(message, password);
            firstError.compareAndSet(null, message);
            log.line("push error: " + message);
        }
        if (item.getAux() != null && item.getAux().getDigest() != null) {
            digest.compareAndSet(null, item.getAux().getDigest());
        }
    }

    /** The manifest digest the registry reported for the pushed tag, or null when the push reported none. */
    String digest() {
        return digest.get();
    }

    /**
     * Throws when the push did not complete in time or the engine reported an error: {@code registry-unauthorized},
     * {@code registry-unavailable} or else {@code push-failed} ({@link #failure}).
     *
     * @param completed what {@code awaitCompletion(timeout)} returned
     * @param username  the user the push was sent with, or null; named in the message, the password never is
     */
    void check(boolean completed, String ref, String registryAddress, String username, Duration timeout) {
        if (!completed) {
            throw new BuildFailure(BuildFailure.PUSH_FAILED, "the push of " + ref + " to " + registryAddress
                    + " did not finish within " + timeout, log.tail());
        }
        String error = firstError.get();
        if (error != null) {
            throw failure(error, ref, registryAddress, username, log.tail(), null);
        }
    }

    /** The failure for an (already redacted) engine error about a push, with the reason its words give. */
    static BuildFailure failure(String error, String ref, String registryAddress, String username, String detail, Throwable cause) {
        return switch (reasonOf(error)) {
            case BuildFailure.REGISTRY_UNAUTHORIZED -> new BuildFailure(BuildFailure.REGISTRY_UNAUTHORIZED, "the registry "
                    + registryAddress + " refused the push of " + ref + (username == null
                    ? " without credentials; set relay.builder.registry.username and .password"
                    : " with the credentials of user '" + username + "'") + ": " + error, detail, cause);
            case BuildFailure.REGISTRY_UNAVAILABLE -> new BuildFailure(BuildFailure.REGISTRY_UNAVAILABLE, "the registry "
                    + registryAddress + " did not answer the push of " + ref + ": " + error, detail, cause);
            default -> new BuildFailure(BuildFailure.PUSH_FAILED, "the push of " + ref + " to " + registryAddress + " failed: " + error,
                    detail, cause);
        };
    }

    /** The release.failed reason an engine's push (or pull) error stands for. */
    static String reasonOf(String error) {
        String text = error == null ? "" : error.toLowerCase(Locale.ROOT);
        if (UNAUTHORIZED.stream().anyMatch(text::contains)) {
            return BuildFailure.REGISTRY_UNAUTHORIZED;
        }
        if (UNAVAILABLE.stream().anyMatch(text::contains)) {
            return BuildFailure.REGISTRY_UNAVAILABLE;
        }
        return BuildFailure.PUSH_FAILED;
    }

    /** Removes URL user-info (the contract's one redaction) and the password itself from a message bound for logs and events. */
    static String redact(String message, String password) {
        if (message == null) {
            return null;
        }
        String redacted = Redaction.redact(message);
        if (password != null && !password.isEmpty()) {
            redacted = redacted.replace(password, "****");
        }
        return redacted;
    }
}
