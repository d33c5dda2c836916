package dev.relay.bumper.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.InvalidEventException;
import dev.relay.events.RelayEvent;
import dev.relay.events.RollbackRequested;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.stage.StageRunner;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * rollback.requested in (from {@code POST /rollbacks} or anyone), through the rollback stage's runner, which
 * publishes release.status, gitops.reverted or release.failed with the rollback id. An invalid record goes to
 * {@code rollback.requested.dlq} with the field at fault.
 */
@ApplicationScoped
public class RollbackRequestedConsumer {

    private static final Logger LOG = Logger.getLogger(RollbackRequestedConsumer.class);

    private final StageRunner<RollbackRequested> runner;
    private final PublishRetry publishRetry;
    private final EventCodec codec = new EventCodec();

    public RollbackRequestedConsumer(StageRunner<RollbackRequested> runner, PublishRetry publishRetry) {
        this.runner = runner;
        this.publishRetry = publishRetry;
    }

    @Incoming("rollback-requests")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        RollbackRequested event;
        try {
            event = codec.decodeRecord(RollbackRequested.class, Records.ceType(message), message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("rollback.requested record refused, sent to the DLQ: %s", e.getMessage());
            return message.nack(e);
        }
        publishRetry.untilPublished(() -> runner.run(event), RelayEvent.class);
        return message.ack();
    }
}
