package dev.relay.env.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.ModelInfoReverted;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.stage.StageDelivery;
import dev.relay.events.stage.StageRunner;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * modelinfo.reverted in, handed to the rollback stage's runner (which publishes release.status,
 * release.rolledback or release.failed, all with the rollback id). A record that is not a valid
 * modelinfo.reverted, its {@code ce_type} header included, is nacked with the reason, which sends it to
 * {@code modelinfo.reverted.dlq}.
 *
 * <p>The contract's {@link StageDelivery} does the work: decode, nack what is invalid, run the stage until its
 * events are published, ack. {@code ordered}: one model's records are handled in the order they arrive.
 */
@ApplicationScoped
public class ModelInfoRevertedConsumer {

    private final StageDelivery<ModelInfoReverted> delivery;

    public ModelInfoRevertedConsumer(StageRunner<ModelInfoReverted> runner, EventCodec codec, PublishRetry publishRetry) {
        this.delivery = new StageDelivery<>(ModelInfoReverted.class, runner, publishRetry, codec);
    }

    @Incoming("modelinfo-reverted")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        return delivery.deliver(message);
    }
}
