package dev.relay.bumper.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.RolloutRequested;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.stage.StageDelivery;
import dev.relay.events.stage.StageRunner;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * rollout.requested in (env-migrator's cutover or rollback of a campaign, one record per model), through the rollout
 * stage's runner, which publishes release.status, gitops.updated with the campaign block or release.failed under the
 * rollout's id. An invalid record goes to {@code rollout.requested.dlq} with the field at fault.
 *
 * <p>The contract's {@link StageDelivery} does the work: decode, nack what is invalid, run the stage until its
 * events are published, ack. {@code ordered}: one model's records are handled in the order they arrive, so a
 * campaign's rollback never overtakes its cutover.
 */
@ApplicationScoped
public class RolloutRequestedConsumer {

    private final StageDelivery<RolloutRequested> delivery;

    public RolloutRequestedConsumer(StageRunner<RolloutRequested> runner, PublishRetry publishRetry) {
        this.delivery = new StageDelivery<>(RolloutRequested.class, runner, publishRetry, new EventCodec());
    }

    @Incoming("rollout-requested")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        return delivery.deliver(message);
    }
}
