package dev.relay.modelinfo.messaging;

import dev.relay.events.CloudEvents;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.InvalidEventException;
import dev.relay.events.stage.StageRunner;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.RelayEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
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
    private final PublishRetry publishRetry;

    public EnvVerifiedConsumer(EventCodec codec, StageRunner<EnvVerified> runner, PublishRetry publishRetry) {
        this.codec = codec;
        this.runner = runner;
        this.publishRetry = publishRetry;
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
        // Blocks while the broker is away: the record stays unacknowledged and the delivery is tried again
        // until its events are out (the runner's replay rule publishes a stored outcome, never works twice).
        publishRetry.untilPublished(() -> runner.run(event), RelayEvent.class);
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
