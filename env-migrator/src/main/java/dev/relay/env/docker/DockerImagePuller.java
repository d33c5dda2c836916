package dev.relay.env.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.relay.env.core.ImagePuller;
import dev.relay.env.core.PullException;
import dev.relay.events.Redaction;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Pulls an image by digest through the engine (docker-java), so the probe runs on exactly what image-builder pushed.
 * Credentials go only to the configured registry: an event naming another registry gets an anonymous pull, never the
 * password. Nothing here logs or reports the password, even if an engine message were to echo it.
 */
public final class DockerImagePuller implements ImagePuller {

    /** The registry whose credentials are sent, with them; the password leaves this object only towards the engine. */
    public record Registry(String address, String username, String password) {
        @Override
        public String toString() {
            return "Registry[" + address + ", user=" + username + "]";
        }

        boolean serves(String ref) {
            return ref.startsWith(address.replaceAll("/+$", "") + "/");
        }
    }

    private static final Logger LOG = Logger.getLogger(DockerImagePuller.class);

    private final DockerClient docker;
    private final Optional<Registry> registry;
    private final Duration timeout;

    public DockerImagePuller(DockerClient docker, Optional<Registry> registry, Duration timeout) {
        this.docker = docker;
        this.registry = registry;
        this.timeout = timeout;
    }

    @Override
    public boolean ensure(String ref, String digest) {
        String pinned = repository(ref) + "@" + digest;
        boolean pulled = false;
        if (imageId(pinned).isEmpty()) {
            pull(pinned, digest);
            pulled = true;
        }
        String id = imageId(pinned).orElseThrow(() -> new PullException(PullException.FAILED,
                "the pull of " + pinned + " finished, but the engine has no such image", null));
        // The probe, the history and a later re-delivery name the image by the event's ref: make it point at the digest.
        if (!ref.contains("@") && !imageId(ref).filter(id::equals).isPresent()) {
            int colon = ref.lastIndexOf(':');
            docker.tagImageCmd(id, ref.substring(0, colon), ref.substring(colon + 1)).exec();
        }
        return pulled;
    }

    private void pull(String pinned, String digest) {
        Optional<Registry> credentials = registry.filter(r -> r.serves(pinned) && r.username() != null);
        AuthConfig auth = new AuthConfig();
        if (credentials.isPresent()) {
            auth = auth.withRegistryAddress(credentials.get().address()).withUsername(credentials.get().username())
                    .withPassword(credentials.get().password());
        }
        AtomicReference<String> firstError = new AtomicReference<>();
        ResultCallback.Adapter<PullResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(PullResponseItem item) {
                if (item.isErrorIndicated()) {
                    firstError.compareAndSet(null, item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                            ? item.getErrorDetail().getMessage() : String.valueOf(item.getError()));
                }
            }
        };
        long started = System.nanoTime();
        try {
            boolean completed = docker.pullImageCmd(repository(pinned)).withTag(digest).withAuthConfig(auth).exec(callback)
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!completed) {
                closeQuietly(callback);
                throw new PullException(PullException.UNAVAILABLE, "the pull of " + pinned + " did not finish within " + timeout, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(callback);
            throw new PullException(PullException.FAILED, "the pull of " + pinned + " was interrupted", e);
        } catch (PullException e) {
            throw e;
        } catch (RuntimeException e) {
            // The engine answers a refused or failed pull with an HTTP error: its message is the registry's.
            throw failure(pinned, credentials, e.getMessage(), e);
        }
        if (firstError.get() != null) {
            throw failure(pinned, credentials, firstError.get(), null);
        }
        LOG.infof("pulled %s in %d ms%s", pinned, (System.nanoTime() - started) / 1_000_000,
                credentials.map(r -> " as " + r.username()).orElse(""));
    }

    private PullException failure(String pinned, Optional<Registry> credentials, String engineMessage, Throwable cause) {
        String error = redact(engineMessage);
        String text = error.toLowerCase(Locale.ROOT);
        String host = pinned.substring(0, Math.max(0, pinned.indexOf('/')));
        if (text.contains("unauthorized") || text.contains("authentication required") || text.contains("denied")) {
            return new PullException(PullException.UNAUTHORIZED, "the registry " + host + " refused the pull of " + pinned
                    + credentials.map(r -> " with the credentials of user '" + r.username() + "'")
                    .orElse(" without credentials; set relay.env.registry.address, .username and .password") + ": " + error, cause);
        }
        if (text.contains("connection refused") || text.contains("no such host") || text.contains("i/o timeout")
                || text.contains("connection reset") || text.contains("no route to host")) {
            return new PullException(PullException.UNAVAILABLE, "the registry " + host + " did not answer the pull of " + pinned
                    + ": " + error, cause);
        }
        return new PullException(PullException.FAILED, "the pull of " + pinned + " failed: " + error, cause);
    }

    private Optional<String> imageId(String ref) {
        try {
            return Optional.ofNullable(docker.inspectImageCmd(ref).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The repository of a reference: without its {@code @digest} and {@code :tag} (a port's colon stays). */
    static String repository(String ref) {
        String name = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }

    /** URL user-info (the contract's redaction) and the configured password out of an engine message; one line. */
    private String redact(String message) {
        String redacted = Redaction.redact(String.valueOf(message)).strip();
        String password = registry.map(Registry::password).orElse(null);
        if (password != null && !password.isEmpty()) {
            redacted = redacted.replace(password, "****");
        }
        return redacted.replaceAll("\\s+", " ");
    }

    private static void closeQuietly(java.io.Closeable callback) {
        try {
            callback.close();
        } catch (IOException ignored) {
            // closing aborts the pull on the engine; nothing more to do
        }
    }
}
