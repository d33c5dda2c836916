package dev.relay.modelinfo.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.EnvVerified;
import dev.relay.events.stage.ModelLanes;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.stage.StageDelivery;
import dev.relay.events.stage.StageRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * env.verified in. A record whose {@code ce_type} header is missing or wrong, or that does not decode or
 * validate, is nacked with the InvalidEventException, which sends it to env.verified.dlq with the reason
 * (naming the field) in its headers. A valid record goes to the StageRunner and is acknowledged once
 * its events are published.
 *
 * <p>The contract's {@link StageDelivery} does the work: decode, nack what is invalid, run the stage until its
 * events are published, ack. It runs on the {@link ModelLanes}: models side by side up to {@code relay.modelinfo.concurrency}, one model's records in
 * the order they arrive; the method returns at once, on the polling thread.
 */
@ApplicationScoped
public class EnvVerifiedConsumer {

    private final StageDelivery<EnvVerified> delivery;
    private final ModelLanes lanes;

    public EnvVerifiedConsumer(StageRunner<EnvVerified> runner, EventCodec codec, PublishRetry publishRetry, ModelLanes lanes) {
        this.delivery = new StageDelivery<>(EnvVerified.class, runner, publishRetry, codec);
        this.lanes = lanes;
    }

    @Incoming("env-verified")
    public CompletionStage<Void> consume(Message<String> message) {
        return delivery.deliverOn(lanes, message);
    }
}
