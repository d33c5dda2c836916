package dev.relay.env.messaging;

import dev.relay.events.CloudEvents;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

/** What a consumer reads from a consumed record besides its value. */
final class ConsumedRecords {

    private ConsumedRecords() {
    }

    /** The record's {@code ce_type} header, null when it has none (or did not come from Kafka at all). */
    static String ceType(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(CloudEvents.TYPE))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.UTF_8))
                .orElse(null);
    }
}
