package dev.relay.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * The one JSON codec of the contract, used by every service and by the tests. Decoding validates,
 * so whatever comes out of {@link #decode} is a well-formed event.
 */
public final class EventCodec {

    /** Larger payloads are refused; build logs belong in a tail, not in an event. */
    public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

    private final ObjectMapper mapper;

    public EventCodec() {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // A newer producer may add fields; an older consumer must still accept its events.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    public byte[] encode(RelayEvent event) {
        try {
            byte[] json = mapper.writeValueAsBytes(EventValidator.validate(event));
            checkSize(json.length);
            return json;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String encodeToString(RelayEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    /** Decodes and validates the payload of a record whose {@code ce_type} header is known. */
    public RelayEvent decodeCloudEvent(String ceType, byte[] json) {
        if (ceType == null || ceType.isBlank()) {
            throw new InvalidEventException("ce_type", "header is missing");
        }
        EventType type = EventType.ofCeType(ceType)
                .orElseThrow(() -> new InvalidEventException("ce_type", "unknown event type '" + ceType + "'"));
        return decode(type.payloadType(), json);
    }

    /**
     * Decodes a consumed record: its {@code ce_type} header must be present and name {@code type},
     * whatever its JSON looks like, and the value must validate. This is how every consumer reads.
     *
     * @param ceType the record's {@code ce_type} header, null when the record has none
     */
    public <T extends RelayEvent> T decodeRecord(Class<T> type, String ceType, byte[] value) {
        String expected = EventType.of(type).ceType();
        if (ceType == null || ceType.isBlank()) {
            throw new InvalidEventException(CloudEvents.TYPE, "header is missing (expected '" + expected + "')");
        }
        if (!expected.equals(ceType)) {
            throw new InvalidEventException(CloudEvents.TYPE, "'" + ceType + "' is not " + expected);
        }
        return decode(type, value);
    }

    public <T extends RelayEvent> T decodeRecord(Class<T> type, String ceType, String value) {
        return decodeRecord(type, ceType, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public <T extends RelayEvent> T decode(Class<T> type, byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("payload", "is empty");
        }
        checkSize(json.length);
        T event;
        try {
            event = mapper.readValue(json, type);
        } catch (JsonMappingException e) {
            throw new InvalidEventException(path(e), e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("payload", "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return EventValidator.validate(event);
    }

    public <T extends RelayEvent> T decode(Class<T> type, String json) {
        return decode(type, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** The mapper behind the codec, for services that serialise their own REST answers the same way. */
    public ObjectMapper mapper() {
        return mapper;
    }

    private static void checkSize(int bytes) {
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw new InvalidEventException("payload", "is " + bytes + " bytes, over the limit of " + MAX_PAYLOAD_BYTES);
        }
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? "payload" : path;
    }
}
