package dev.relay.testkit;

import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.RelayEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Messages for the in-memory connector that look like consumed Kafka records: key, value and
 * headers in {@link IncomingKafkaRecordMetadata}, so a consumer reads its {@code ce_type} header
 * exactly as it does from the broker.
 */
public final class KafkaRecords {

    private static final EventCodec CODEC = new EventCodec();

    private KafkaRecords() {
    }

    /** A record of any value and headers, e.g. a malformed one or one with a wrong {@code ce_type}. */
    public static Message<String> record(String topic, String key, String value, Map<String, String> headers) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((k, v) -> kafkaHeaders.add(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, 0L, System.currentTimeMillis(),
                TimestampType.CREATE_TIME, -1, -1, key, value, kafkaHeaders, Optional.empty());
        return Message.of(value).addMetadata(new IncomingKafkaRecordMetadata<>(record, topic));
    }

    /** A record with the event's JSON as value, as a producer of the contract writes it, of the given JSON. */
    public static Message<String> event(EventType type, String json) {
        String model = CODEC.decode(type.payloadType(), json).release().model();
        return record(type.topic(), model, json, Map.of(CloudEvents.TYPE, type.ceType(),
                CloudEvents.SPECVERSION, CloudEvents.SPEC_VERSION, CloudEvents.ID, CloudEvents.newId(),
                CloudEvents.SOURCE, "/relay/test", CloudEvents.SUBJECT, model));
    }

    /** A record carrying the event, with its CloudEvents headers. */
    public static Message<String> event(RelayEvent event) {
        return event(event.type(), CODEC.encodeToString(event));
    }
}
