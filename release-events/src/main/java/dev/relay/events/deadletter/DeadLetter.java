package dev.relay.events.deadletter;

import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A consumed record a service gives up on, and why: what {@link DeadLetterWriter} puts on the
 * record's dead-letter topic.
 *
 * @param topic     the topic the record was consumed from
 * @param partition its partition
 * @param offset    its offset
 * @param key       its key as bytes, or null
 * @param value     its value as bytes, or null (a tombstone)
 * @param headers   its headers, kept on the dead letter
 * @param reason    why it was refused, for humans ({@code release.model: must match ...})
 * @param cause     the message of the refusal's cause, or null
 */
public record DeadLetter(String topic, int partition, long offset, byte[] key, byte[] value, Headers headers,
                         String reason, String cause) {

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        headers = headers == null ? new RecordHeaders() : headers;
        reason = reason == null || reason.isBlank() ? "no reason given" : reason;
    }

    /** Where the record was, for logs: {@code release.tagged-0@42}. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }

    /** The record's size as the broker counts it, near enough: key, value and headers. */
    public long size() {
        long size = length(key) + length(value);
        for (var header : headers) {
            size += header.key().length() + length(header.value());
        }
        return size;
    }

    private static long length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
