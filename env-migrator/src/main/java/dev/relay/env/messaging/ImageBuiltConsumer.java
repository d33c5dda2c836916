package dev.relay.env.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.ImageBuilt;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.stage.StageDelivery;
import dev.relay.events.stage.StageRunner;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * image.built in, handed to the verify stage's runner (which publishes release.status, env.verified
 * or release.failed). A record that is not a valid image.built, its {@code ce_type} header included,
 * is nacked with the reason, which sends it to {@code image.built.dlq}.
 *
 * <p>The contract's {@link StageDelivery} does the work: decode, nack what is invalid, run the stage until its
 * events are published, ack. {@code ordered}: one model's records are handled in the order they arrive.
 */
@ApplicationScoped
public class ImageBuiltConsumer {

    private final StageDelivery<ImageBuilt> delivery;

    public ImageBuiltConsumer(StageRunner<ImageBuilt> runner, EventCodec codec, PublishRetry publishRetry) {
        this.delivery = new StageDelivery<>(ImageBuilt.class, runner, publishRetry, codec);
    }

    @Incoming("image-built")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        return delivery.deliver(message);
    }
}
