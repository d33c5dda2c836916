package dev.relay.bumper.messaging;

import dev.relay.bumper.app.ReleaseHandler;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.InvalidEventException;
import dev.relay.events.ModelInfoMigrated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code modelinfo.migrated}. A record that does not decode is nacked with the reason and
 * goes to {@code modelinfo.migrated.dlq}; the consumer carries on. A record is acked only after
 * every result it produced was acknowledged by the broker; a failed publish nacks it.
 */
@ApplicationScoped
public class ModelInfoMigratedConsumer {

    private static final Logger LOG = Logger.getLogger(ModelInfoMigratedConsumer.class);

    private final ReleaseHandler handler;
    private final EventCodec codec = new EventCodec();

    public ModelInfoMigratedConsumer(ReleaseHandler handler) {
        this.handler = handler;
    }

    @Incoming("modelinfo-migrated")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        ModelInfoMigrated event;
        try {
            event = decode(message);
        } catch (InvalidEventException e) {
            LOG.warnf("modelinfo.migrated record refused, sent to the DLQ: %s", e.getMessage());
            return message.nack(e);
        }
        try {
            handler.handle(event);
        } catch (RuntimeException e) {
            // A result that did not reach the broker: nack, so the record is redelivered or dead-lettered
            // (and the replay re-publishes the result) instead of committing its offset.
            LOG.errorf("%s: results not published, record nacked: %s", event.release().releaseId(), e.getMessage());
            return message.nack(e);
        }
        return message.ack();
    }

    private ModelInfoMigrated decode(Message<String> message) {
        Optional<String> ceType = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(CloudEvents.TYPE))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.UTF_8));
        if (ceType.isPresent() && !ceType.get().equals(EventType.MODELINFO_MIGRATED.ceType())) {
            throw new InvalidEventException("ce_type", "'" + ceType.get() + "' is not " + EventType.MODELINFO_MIGRATED.ceType());
        }
        String payload = message.getPayload();
        return codec.decode(ModelInfoMigrated.class, payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
    }
}
