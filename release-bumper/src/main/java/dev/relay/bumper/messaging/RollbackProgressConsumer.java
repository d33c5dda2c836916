package dev.relay.bumper.messaging;

import dev.relay.bumper.core.RollbackProgress;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.RelayEvent;
import dev.relay.events.stage.StageDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds {@link RollbackProgress} from release.status, release.failed, gitops.updated and the four rollback
 * topics, read from their beginning at every start under a group of its own (see application.properties), so
 * {@code GET /rollbacks/{id}} survives restarts and agrees across replicas. It only reads: a record it cannot
 * decode is logged and passed over (the stage that consumes that topic dead-letters it).
 */
@ApplicationScoped
public class RollbackProgressConsumer {

    private static final Logger LOG = Logger.getLogger(RollbackProgressConsumer.class);

    private final RollbackProgress progress;
    private final EventCodec codec = new EventCodec();

    public RollbackProgressConsumer(RollbackProgress progress) {
        this.progress = progress;
    }

    @Incoming("rollback-progress")
    public CompletionStage<Void> consume(Message<String> message) {
        String ceType = StageDelivery.ceType(message);
        Optional<EventType> type = EventType.ofCeType(ceType);
        if (type.isPresent()) {
            try {
                RelayEvent event = codec.decodeRecord(type.get().payloadType(), ceType, message.getPayload());
                progress.apply(event);
            } catch (RuntimeException e) {
                LOG.debugf("progress: passed over a %s record that does not decode: %s", ceType, e.getMessage());
            }
        }
        return message.ack();
    }
}
