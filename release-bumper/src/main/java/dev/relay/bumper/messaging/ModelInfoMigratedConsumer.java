package dev.relay.bumper.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.InvalidEventException;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.stage.StageRunner;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.RelayEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code modelinfo.migrated}. A record that does not decode (a missing or wrong
 * {@code ce_type} header included) is nacked with the reason and goes to
 * {@code modelinfo.migrated.dlq}; the consumer carries on. Every other record goes through the
 * stage runner and is acked only after every event it produced was acknowledged by the broker; a
 * failed publish nacks it.
 */
@ApplicationScoped
public class ModelInfoMigratedConsumer {

    private static final Logger LOG = Logger.getLogger(ModelInfoMigratedConsumer.class);

    private final StageRunner<ModelInfoMigrated> runner;
    private final PublishRetry publishRetry;
    private final EventCodec codec = new EventCodec();

    public ModelInfoMigratedConsumer(StageRunner<ModelInfoMigrated> runner, PublishRetry publishRetry) {
        this.runner = runner;
        this.publishRetry = publishRetry;
    }

    @Incoming("modelinfo-migrated")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        ModelInfoMigrated event;
        try {
            event = codec.decodeRecord(ModelInfoMigrated.class, Records.ceType(message), message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("modelinfo.migrated record refused, sent to the DLQ: %s", e.getMessage());
            return message.nack(e);
        }
        // Blocks while the broker is away: the record stays unacknowledged and the delivery is tried again
        // until its events are out (the runner's replay rule publishes a stored outcome, never works twice).
        publishRetry.untilPublished(() -> runner.run(event), RelayEvent.class);
        return message.ack();
    }

}
