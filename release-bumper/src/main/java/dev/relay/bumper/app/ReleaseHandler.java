package dev.relay.bumper.app;

import dev.relay.bumper.core.BumpFailure;
import dev.relay.bumper.core.BumpRequest;
import dev.relay.bumper.core.BumpResult;
import dev.relay.bumper.core.Bumper;
import dev.relay.bumper.core.ImageRef;
import dev.relay.bumper.messaging.EventPublisher;
import dev.relay.events.GitOps;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.Release;
import dev.relay.events.StageEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * One {@code modelinfo.migrated} in, {@code gitops.updated} (or {@code release.failed}) out, with
 * {@code release.status} around it. Re-delivery finds the earlier commit and re-publishes its result
 * (and its final status) without a second {@code started}.
 */
@ApplicationScoped
public class ReleaseHandler {

    public static final String STAGE = "release-bumper";
    private static final Logger LOG = Logger.getLogger(ReleaseHandler.class);

    private final GitOpsService gitops;
    private final EventPublisher publisher;
    private final StageEvents stage = new StageEvents(STAGE);

    public ReleaseHandler(GitOpsService gitops, EventPublisher publisher) {
        this.gitops = gitops;
        this.publisher = publisher;
    }

    /**
     * Bumps and publishes the outcome; returns once the broker has every result. {@code started} is
     * published only when the release is actually worked on: a re-delivery of a release bumped
     * earlier re-publishes the earlier result and the final status, not another {@code started}.
     *
     * @throws EventPublisher.PublishFailedException when a result could not be published (the
     *                                               record must then be nacked, not acked)
     */
    public void handle(ModelInfoMigrated event) {
        Release release = event.release();
        long start = System.nanoTime();
        boolean[] started = {false};
        Runnable markStarted = () -> {
            if (!started[0]) {
                publisher.publish(stage.started(release));
                started[0] = true;
            }
        };
        Bumper bumper;
        BumpResult result;
        BumpFailure failure;
        try {
            ImageRef image = imageOf(event.image());
            bumper = gitops.bumper();
            result = bumper.bump(new BumpRequest(release.model(), image, release.version(),
                    release.releaseId(), release.commit(), false), markStarted);
            failure = null;
        } catch (EventPublisher.PublishFailedException e) {
            throw e;
        } catch (BumpFailure f) {
            LOG.warnf("%s: %s: %s", release.releaseId(), f.reason(), f.getMessage());
            bumper = null;
            result = null;
            failure = f;
        } catch (RuntimeException e) {
            // Anything unexpected still ends the release visibly; git messages are redacted upstream.
            LOG.errorf(e, "%s: bump failed", release.releaseId());
            bumper = null;
            result = null;
            failure = new BumpFailure("gitops-failed", "the bump failed: " + e.getClass().getSimpleName(), null);
        }
        if (failure != null) {
            markStarted.run();
            publisher.publish(stage.failure(release, failure.reason(), failure.getMessage(), failure.detail()));
            publisher.publish(stage.failed(release, millisSince(start)));
            return;
        }
        LOG.infof("%s: %s %s -> %s in %s (%s)", release.releaseId(),
                result.noop() ? "already at target" : result.replayed() ? "bumped earlier" : "bumped",
                result.from(), result.to(), bumper.repoUrl(), result.commit());
        publisher.publish(new GitOpsUpdated(release, event.image(), new GitOps(bumper.repoUrl(), bumper.branch(),
                result.commit(), result.files(), result.from(), result.to(), result.noop())));
        publisher.publish(stage.succeeded(release, millisSince(start)));
    }

    /** The reference to write: the built ref, pinned to the registry digest when the event has one. */
    static ImageRef imageOf(Image image) {
        ImageRef ref = ImageRef.tryParse(image.ref()).orElseThrow(() -> new BumpFailure("gitops-invalid-image",
                "image.ref '" + image.ref() + "' is not an image reference"));
        String digest = image.digest();
        if (digest != null && !digest.isBlank()) {
            String bare = digest.contains("@") ? digest.substring(digest.indexOf('@') + 1) : digest;
            ref = ImageRef.tryParse(ref.repository() + ref.tag().map(t -> ":" + t).orElse("") + "@" + bare).orElse(ref);
        }
        return ref;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
