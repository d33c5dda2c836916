package dev.relay.modelinfo.messaging;

import dev.relay.events.CloudEvents;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.InvalidEventException;
import dev.relay.events.stage.StageRunner;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * env.verified in. A record whose {@code ce_type} header is missing or wrong, or that does not decode or
 * validate, is nacked with the InvalidEventException, which sends it to env.verified.dlq with the reason
 * (naming the field) in its headers. A valid record goes to the StageRunner and is acknowledged once
 * its events are published.
 */
@ApplicationScoped
public class EnvVerifiedConsumer {

    private static final Logger LOG = Logger.getLogger(EnvVerifiedConsumer.class.getName());

    private final EventCodec codec;
    private final StageRunner<EnvVerified> runner;

    public EnvVerifiedConsumer(EventCodec codec, StageRunner<EnvVerified> runner) {
        this.codec = codec;
        this.runner = runner;
    }

    @Incoming("env-verified")
    @Blocking // ordered: one model's releases are migrated in the order they arrive
    public CompletionStage<Void> consume(Message<String> message) {
        EnvVerified event;
        try {
            event = codec.decodeRecord(EnvVerified.class, ceType(message), message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warning(() -> "env.verified record rejected: " + e.getMessage());
            return message.nack(e);
        }
        try {
            runner.run(event);
        } catch (RuntimeException e) {
            // A publish the broker did not take: not acknowledged (today: nacked, like any failed record).
            LOG.log(Level.WARNING, "could not publish the outcome of " + event.release().releaseId(), e);
            return message.nack(e);
        }
        return message.ack();
    }

    private static String ceType(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(CloudEvents.TYPE))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.UTF_8))
                .orElse(null);
    }
}
