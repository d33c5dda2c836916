package dev.relay.builder.messaging;

import dev.relay.builder.core.BuildQueue;
import dev.relay.events.EventCodec;
import dev.relay.events.InvalidEventException;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.stage.StageDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code release.tagged}. A record that does not decode (its {@code ce_type} header
 * included) is nacked, which sends it to {@code release.tagged.dlq} with the reason. A valid one is
 * queued and the method returns at once, so the consumer keeps polling while builds run; the
 * record is acknowledged only when its events are published (the queue retries a publish the broker
 * did not take, for as long as it takes). The throttled commit strategy
 * commits an offset only once every earlier record of the partition is acknowledged, so nothing
 * is committed before its result is out.
 */
@ApplicationScoped
public class ReleaseTaggedConsumer {

    private static final Logger LOG = Logger.getLogger(ReleaseTaggedConsumer.class);

    private final BuildQueue queue;
    private final EventCodec codec = new EventCodec();

    public ReleaseTaggedConsumer(BuildQueue queue) {
        this.queue = queue;
    }

    @Incoming("release-tagged")
    public CompletionStage<Void> onReleaseTagged(Message<String> message) {
        ReleaseTagged event;
        try {
            event = codec.decodeRecord(ReleaseTagged.class, StageDelivery.ceType(message), message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("release.tagged record rejected to the dead-letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        String releaseId = event.release().releaseId();
        queue.submit(event).whenComplete((outcome, failure) -> {
            if (failure == null) {
                message.ack();
            } else {
                // Not a publish failure (the queue retries those until they are out): something unforeseen.
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                LOG.errorf(cause, "%s could not be handled", releaseId);
                message.nack(cause);
            }
        });
        return CompletableFuture.completedFuture(null);
    }
}
