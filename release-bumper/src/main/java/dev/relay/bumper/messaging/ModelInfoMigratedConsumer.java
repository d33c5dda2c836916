package dev.relay.bumper.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.stage.ModelLanes;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.stage.StageDelivery;
import dev.relay.events.stage.StageRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code modelinfo.migrated}. A record that does not decode (a missing or wrong
 * {@code ce_type} header included) is nacked with the reason and goes to
 * {@code modelinfo.migrated.dlq}; the consumer carries on. Every other record goes through the
 * stage runner and is acked only after every event it produced was acknowledged by the broker; a
 * publish the broker did not take is tried again until it is.
 *
 * <p>The contract's {@link StageDelivery} does the work: decode, nack what is invalid, run the stage until its
 * events are published, ack. It runs on the {@link ModelLanes}: models side by side up to {@code relay.gitops.concurrency}, one model's records in
 * the order they arrive; the method returns at once, on the polling thread.
 */
@ApplicationScoped
public class ModelInfoMigratedConsumer {

    private final StageDelivery<ModelInfoMigrated> delivery;
    private final ModelLanes lanes;

    public ModelInfoMigratedConsumer(StageRunner<ModelInfoMigrated> runner, PublishRetry publishRetry, ModelLanes lanes) {
        this.delivery = new StageDelivery<>(ModelInfoMigrated.class, runner, publishRetry, new EventCodec());
        this.lanes = lanes;
    }

    @Incoming("modelinfo-migrated")
    public CompletionStage<Void> consume(Message<String> message) {
        return delivery.deliverOn(lanes, message);
    }
}
