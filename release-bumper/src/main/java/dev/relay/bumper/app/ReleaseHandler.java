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
 * {@code release.status} around it. Re-delivery finds the earlier commit and re-publishes its result.
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

    public void handle(ModelInfoMigrated event) {
        Release release = event.release();
        long start = System.nanoTime();
        publisher.publish(stage.started(release));
        try {
            ImageRef image = imageOf(event.image());
            Bumper bumper = gitops.bumper();
            BumpResult result = bumper.bump(new BumpRequest(release.model(), image, release.version(),
                    release.releaseId(), release.commit(), false));
            LOG.infof("%s: %s %s -> %s in %s (%s)", release.releaseId(),
                    result.noop() ? "already at target" : result.replayed() ? "bumped earlier" : "bumped",
                    result.from(), result.to(), bumper.repoUrl(), result.commit());
            publisher.publish(new GitOpsUpdated(release, event.image(), new GitOps(bumper.repoUrl(), bumper.branch(),
                    result.commit(), result.files(), result.from(), result.to(), result.noop())));
            publisher.publish(stage.succeeded(release, millisSince(start)));
        } catch (BumpFailure f) {
            LOG.warnf("%s: %s: %s", release.releaseId(), f.reason(), f.getMessage());
            publisher.publish(stage.failure(release, f.reason(), f.getMessage(), f.detail()));
            publisher.publish(stage.failed(release, millisSince(start)));
        } catch (RuntimeException e) {
            // Anything unexpected still ends the release visibly; git messages are redacted upstream.
            LOG.errorf(e, "%s: bump failed", release.releaseId());
            publisher.publish(stage.failure(release, "gitops-failed", "the bump failed: " + e.getClass().getSimpleName(), null));
            publisher.publish(stage.failed(release, millisSince(start)));
        }
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
