package dev.relay.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * CloudEvents 1.0 in Kafka binary mode: the attributes travel as {@code ce_*} record headers and
 * the record value is the event's JSON. The SmallRye Kafka connector reads and writes the same headers.
 */
public final class CloudEvents {

    public static final String SPEC_VERSION = "1.0";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String SPECVERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";

    private CloudEvents() {
    }

    /**
     * The headers of one event. {@code source} names the producer, e.g. {@code /relay/image-builder};
     * the subject is the model, so a topic browser can filter one model's events without reading values.
     */
    public static Map<String, String> headers(RelayEvent event, String source, String id, Instant time) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPECVERSION, SPEC_VERSION);
        headers.put(ID, id);
        headers.put(TYPE, event.type().ceType());
        headers.put(SOURCE, source);
        headers.put(SUBJECT, event.release().model());
        headers.put(TIME, time.truncatedTo(ChronoUnit.MILLIS).toString());
        headers.put(CONTENT_TYPE, JSON);
        return headers;
    }

    public static Map<String, String> headers(RelayEvent event, String source) {
        return headers(event, source, newId(), Instant.now());
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
