package dev.relay.env.messaging;

import dev.relay.env.core.EnvironmentRecord;
import dev.relay.env.core.Verifier;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.ImageBuilt;
import dev.relay.events.InvalidEventException;
import dev.relay.events.Release;
import dev.relay.events.StageEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * image.built -> env.verified | release.failed, plus release.status around the work. A record that
 * is not a valid image.built is nacked with the reason, which sends it to {@code image.built.dlq}.
 */
@ApplicationScoped
public class ImageBuiltConsumer {

    private static final Logger LOG = Logger.getLogger(ImageBuiltConsumer.class);

    /** release.failed reason when verification broke for a reason other than the image (store, git, a bug). */
    public static final String INTERNAL_ERROR = "internal-error";

    private final Verifier verifier;
    private final EventPublisher publisher;
    private final EventCodec codec;
    private final StageEvents stage;

    public ImageBuiltConsumer(Verifier verifier, EventPublisher publisher, EventCodec codec, StageEvents stage) {
        this.verifier = verifier;
        this.publisher = publisher;
        this.codec = codec;
        this.stage = stage;
    }

    @Incoming("image-built")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        ImageBuilt event;
        try {
            event = codec.decode(ImageBuilt.class, message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("image.built record rejected to the DLQ: %s", e.getMessage());
            return message.nack(e);
        }
        handle(event);
        return message.ack();
    }

    /**
     * Verifies once per release; a re-delivery re-publishes the stored result without probing again.
     * Anything unexpected (MongoDB, JGit, a bug) ends the release with {@code release.failed}
     * ({@value #INTERNAL_ERROR}) and a final status, and the record is acknowledged; only a failure
     * to publish escapes (nack).
     */
    void handle(ImageBuilt event) {
        Release release = event.release();
        long start = System.nanoTime();
        boolean started = false;
        Verifier.Outcome outcome;
        try {
            Optional<EnvironmentRecord> earlier = verifier.recorded(release.releaseId());
            if (earlier.isPresent()) {
                outcome = new Verifier.Outcome(earlier.get(), true);
            } else {
                // Before the probe, so the timeline shows when the stage really started.
                publisher.publish(stage.started(release));
                started = true;
                outcome = verifier.verifyRelease(event);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: unexpected error while verifying", release.releaseId());
            // The class name only: exception messages may carry connection strings or repository URLs.
            publisher.publish(stage.failure(release, INTERNAL_ERROR,
                    "env-migrator failed unexpectedly: " + e.getClass().getSimpleName(), null));
            publisher.publish(stage.failed(release, millisSince(start)));
            return;
        }
        EnvironmentRecord r = outcome.record();
        long millis = millisSince(start);
        if (r.passed()) {
            publisher.publish(new EnvVerified(release, event.image(), r.environment(), r.diff(), r.checks()));
            if (started) {
                publisher.publish(stage.succeeded(release, millis));
            }
            LOG.infof("%s verified (%d checks passed)%s", r.releaseId(), r.checks().size(), outcome.replay() ? " [replay]" : "");
        } else {
            var f = r.failure();
            publisher.publish(stage.failure(release, f.reason(), f.message(), f.detail()));
            if (started) {
                publisher.publish(stage.failed(release, millis));
            }
            LOG.infof("%s failed: %s%s", r.releaseId(), f.message(), outcome.replay() ? " [replay]" : "");
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
