package dev.relay.builder.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.relay.builder.core.BuildFailure;
import dev.relay.builder.core.BuildLog;
import dev.relay.events.Redaction;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a push: progress goes to the build log and the first error item the engine streams is
 * kept, since the engine reports a refused push as a normal item, not as a failed request.
 */
final class PushResultCallback extends ResultCallback.Adapter<PushResponseItem> {

    private final BuildLog log;
    private final String password;
    private final AtomicReference<String> firstError = new AtomicReference<>();

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
    }

    /**
     * Throws {@code push-failed} if the push did not complete in time or the engine reported an error.
     *
     * @param completed what {@code awaitCompletion(timeout)} returned
     */
    void check(boolean completed, String ref, String registryAddress, Duration timeout) {
        if (!completed) {
            throw new BuildFailure(BuildFailure.PUSH_FAILED, "the push of " + ref + " to " + registryAddress
                    + " did not finish within " + timeout, log.tail());
        }
        String error = firstError.get();
        if (error != null) {
            throw new BuildFailure(BuildFailure.PUSH_FAILED, "the push of " + ref + " to " + registryAddress + " failed: " + error,
                    log.tail());
        }
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
