package dev.relay.bumper.messaging;

import dev.relay.events.CloudEvents;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

/** What the consumers here read off a record besides its value. */
final class Records {

    private Records() {
    }

    /** The record's {@code ce_type} header, null when it has none. */
    static String ceType(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(CloudEvents.TYPE))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.UTF_8))
                .orElse(null);
    }
}
