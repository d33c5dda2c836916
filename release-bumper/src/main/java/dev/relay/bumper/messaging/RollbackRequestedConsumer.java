package dev.relay.bumper.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.RollbackRequested;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.stage.StageDelivery;
import dev.relay.events.stage.StageRunner;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * rollback.requested in (from {@code POST /rollbacks} or anyone), through the rollback stage's runner, which
 * publishes release.status, gitops.reverted or release.failed with the rollback id. An invalid record goes to
 * {@code rollback.requested.dlq} with the field at fault.
 *
 * <p>The contract's {@link StageDelivery} does the work: decode, nack what is invalid, run the stage until its
 * events are published, ack. {@code ordered}: one model's records are handled in the order they arrive.
 */
@ApplicationScoped
public class RollbackRequestedConsumer {

    private final StageDelivery<RollbackRequested> delivery;

    public RollbackRequestedConsumer(StageRunner<RollbackRequested> runner, PublishRetry publishRetry) {
        this.delivery = new StageDelivery<>(RollbackRequested.class, runner, publishRetry, new EventCodec());
    }

    @Incoming("rollback-requests")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        return delivery.deliver(message);
    }
}
