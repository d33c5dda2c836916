package dev.relay.env.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.ImageBuilt;
import dev.relay.events.InvalidEventException;
import dev.relay.events.stage.StageRunner;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.RelayEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * image.built in, handed to the verify stage's runner (which publishes release.status, env.verified
 * or release.failed). A record that is not a valid image.built, its {@code ce_type} header included,
 * is nacked with the reason, which sends it to {@code image.built.dlq}.
 */
@ApplicationScoped
public class ImageBuiltConsumer {

    private static final Logger LOG = Logger.getLogger(ImageBuiltConsumer.class);

    private final StageRunner<ImageBuilt> runner;
    private final PublishRetry publishRetry;
    private final EventCodec codec;

    public ImageBuiltConsumer(StageRunner<ImageBuilt> runner, EventCodec codec, PublishRetry publishRetry) {
        this.runner = runner;
        this.codec = codec;
        this.publishRetry = publishRetry;
    }

    @Incoming("image-built")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        ImageBuilt event;
        try {
            event = codec.decodeRecord(ImageBuilt.class, ConsumedRecords.ceType(message), message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("image.built record rejected to the DLQ: %s", e.getMessage());
            return message.nack(e);
        }
        // Blocks while the broker is away: the record stays unacknowledged and the delivery is tried again
        // until its events are out (the runner's replay rule publishes a stored outcome, never works twice).
        publishRetry.untilPublished(() -> runner.run(event), RelayEvent.class);
        return message.ack();
    }
}
