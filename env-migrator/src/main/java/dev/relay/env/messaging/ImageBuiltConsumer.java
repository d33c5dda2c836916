package dev.relay.env.messaging;

import dev.relay.env.core.EnvironmentRecord;
import dev.relay.env.core.Verifier;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.ImageBuilt;
import dev.relay.events.InvalidEventException;
import dev.relay.events.StageEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
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

    /** Verifies once per release; a re-delivery re-publishes the stored result without probing again. */
    void handle(ImageBuilt event) {
        long start = System.nanoTime();
        var outcome = verifier.verifyRelease(event);
        if (!outcome.replay()) {
            publisher.publish(stage.started(event.release()));
        }
        EnvironmentRecord r = outcome.record();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (r.passed()) {
            publisher.publish(new EnvVerified(event.release(), event.image(), r.environment(), r.diff(), r.checks()));
            if (!outcome.replay()) {
                publisher.publish(stage.succeeded(event.release(), millis));
            }
            LOG.infof("%s verified (%d checks passed)%s", r.releaseId(), r.checks().size(), outcome.replay() ? " [replay]" : "");
        } else {
            var f = r.failure();
            publisher.publish(stage.failure(event.release(), f.reason(), f.message(), f.detail()));
            if (!outcome.replay()) {
                publisher.publish(stage.failed(event.release(), millis));
            }
            LOG.infof("%s failed: %s%s", r.releaseId(), f.message(), outcome.replay() ? " [replay]" : "");
        }
    }
}
