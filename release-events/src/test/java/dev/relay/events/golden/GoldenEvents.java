package dev.relay.events.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The golden event files, one per event type, in {@code src/test/resources/events/<topic>.json}:
 * what a producer of the contract writes, byte for byte. The codec tests, the hook test and every
 * consumer's tests read them from here (this module's test jar), so they all agree on one example.
 */
public final class GoldenEvents {

    private static final EventCodec CODEC = new EventCodec();

    private GoldenEvents() {
    }

    /** The file's text, exactly as stored. */
    public static String json(EventType type) {
        String resource = "/events/" + type.topic() + ".json";
        try (InputStream in = GoldenEvents.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no golden event file " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden event, decoded and validated by the codec. */
    public static <T extends RelayEvent> T event(Class<T> type) {
        return CODEC.decode(type, json(EventType.of(type)));
    }

    /**
     * The golden event's JSON with another release block, e.g. one pointing at a repository a test
     * made: everything else stays as in the file.
     */
    public static String json(EventType type, Release release) {
        ObjectMapper mapper = CODEC.mapper();
        try {
            ObjectNode root = (ObjectNode) mapper.readTree(json(type));
            root.set("release", mapper.valueToTree(release));
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden event with another release block, decoded. */
    public static <T extends RelayEvent> T event(Class<T> type, Release release) {
        return CODEC.decode(type, json(EventType.of(type), release));
    }

    /** The golden event's JSON with one top-level field removed (e.g. {@code modelConfig}, as an older producer sends). */
    public static String without(String json, String field) {
        ObjectMapper mapper = CODEC.mapper();
        try {
            JsonNode root = mapper.readTree(json);
            ((ObjectNode) root).remove(field);
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CloudEvents headers a producer sends with the golden event of this type. */
    public static Map<String, String> headers(EventType type, String source) {
        return CloudEvents.headers(event(type.payloadType()), source, "golden-" + type.topic(), Instant.parse("2026-11-21T10:16:00Z"));
    }
}
