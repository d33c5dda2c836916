package dev.relay.events.deadletter;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Puts a refused record on its dead-letter topic and never lets it stop the consumer:
 *
 * <ol>
 *   <li>as it is, with its headers and the dead-letter headers ({@link Outcome#DEAD_LETTERED});</li>
 *   <li>when the producer or the broker finds that too large: its first {@code previewBytes} bytes,
 *       cut at a character boundary, with {@value #TRUNCATED} and {@value #ORIGINAL_SIZE} headers
 *       and without its own headers, which may be what made it too large ({@link Outcome#TRUNCATED});</li>
 *   <li>when even that fails, or the failure is not one a retry can mend: logged with its topic,
 *       partition and offset, counted, and skipped ({@link Outcome#SKIPPED}), so the consumer goes on.</li>
 * </ol>
 *
 * <p>A retriable failure (the broker away, a timeout) completes the stage exceptionally with a
 * {@link RetriableException}: the caller retries, the record stays unacknowledged, nothing is lost.
 *
 * <p>The header names are those of SmallRye's dead-letter strategy, so tools reading those (and the
 * release board) read these too.
 */
public final class DeadLetterWriter implements AutoCloseable {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** {@code true} on a dead letter that carries only the start of the record's value. */
    public static final String TRUNCATED = "relay-dead-letter-truncated";
    /** The size of the original record in bytes (key, value and headers), on a truncated dead letter. */
    public static final String ORIGINAL_SIZE = "relay-dead-letter-original-size";

    /** Enough of a value for a person to see what it was; far below any broker's limit. */
    public static final int DEFAULT_PREVIEW_BYTES = 16 * 1024;
    /** Header texts are for humans; a reason longer than this is cut. */
    static final int MAX_HEADER_CHARS = 1024;
    private static final int MAX_TRUNCATED_KEY_BYTES = 256;

    private static final System.Logger LOG = System.getLogger(DeadLetterWriter.class.getName());

    public enum Outcome { DEAD_LETTERED, TRUNCATED, SKIPPED }

    /** Told of every dead letter's outcome, for metrics. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (topic, outcome) -> { };

        void written(String sourceTopic, Outcome outcome);
    }

    private final Producer<byte[], byte[]> producer;
    private final int previewBytes;
    private final Listener listener;

    public DeadLetterWriter(Producer<byte[], byte[]> producer, int previewBytes, Listener listener) {
        if (previewBytes < 0) {
            throw new IllegalArgumentException("previewBytes must not be negative: " + previewBytes);
        }
        this.producer = producer;
        this.previewBytes = previewBytes;
        this.listener = listener;
    }

    /**
     * Writes {@code letter} to {@code deadLetterTopic}.
     *
     * @return the outcome; completes exceptionally only with a {@link RetriableException}
     */
    public CompletionStage<Outcome> write(DeadLetter letter, String deadLetterTopic) {
        return send(asItIs(letter, deadLetterTopic)).handle((ok, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(Outcome.DEAD_LETTERED);
            }
            if (tooLarge(failure)) {
                return send(truncated(letter, deadLetterTopic)).handle((ok2, failure2) -> {
                    if (failure2 == null) {
                        LOG.log(Level.WARNING, () -> letter.position() + " was too large for " + deadLetterTopic + " ("
                                + letter.size() + " bytes); dead-lettered its first " + previewBytes + " bytes");
                        return CompletableFuture.completedFuture(Outcome.TRUNCATED);
                    }
                    return retriable(failure2) ? CompletableFuture.<Outcome>failedFuture(failure2) : skip(letter, deadLetterTopic, failure2);
                }).thenCompose(stage -> stage);
            }
            return retriable(failure) ? CompletableFuture.<Outcome>failedFuture(failure) : skip(letter, deadLetterTopic, failure);
        }).thenCompose(stage -> stage).thenApply(outcome -> {
            notify(letter.topic(), outcome);
            return outcome;
        });
    }

    private CompletableFuture<Outcome> skip(DeadLetter letter, String deadLetterTopic, Throwable failure) {
        LOG.log(Level.ERROR, "SKIPPED " + letter.position() + " (" + letter.size() + " bytes): it could not be written to "
                + deadLetterTopic + " (" + failure.getClass().getSimpleName() + ": " + failure.getMessage()
                + "); it was refused because: " + letter.reason());
        return CompletableFuture.completedFuture(Outcome.SKIPPED);
    }

    private ProducerRecord<byte[], byte[]> asItIs(DeadLetter letter, String deadLetterTopic) {
        Headers headers = new RecordHeaders();
        for (Header header : letter.headers()) {
            headers.add(header);
        }
        addDeadLetterHeaders(headers, letter);
        return new ProducerRecord<>(deadLetterTopic, null, letter.key(), letter.value(), headers);
    }

    private ProducerRecord<byte[], byte[]> truncated(DeadLetter letter, String deadLetterTopic) {
        Headers headers = new RecordHeaders();
        addDeadLetterHeaders(headers, letter);
        add(headers, TRUNCATED, "true");
        add(headers, ORIGINAL_SIZE, Long.toString(letter.size()));
        byte[] key = letter.key() == null ? null : utf8Prefix(letter.key(), MAX_TRUNCATED_KEY_BYTES);
        byte[] value = letter.value() == null ? null : utf8Prefix(letter.value(), previewBytes);
        return new ProducerRecord<>(deadLetterTopic, null, key, value, headers);
    }

    private static void addDeadLetterHeaders(Headers headers, DeadLetter letter) {
        add(headers, REASON, cut(letter.reason()));
        if (letter.cause() != null) {
            add(headers, CAUSE, cut(letter.cause()));
        }
        add(headers, TOPIC, letter.topic());
        add(headers, PARTITION, Integer.toString(letter.partition()));
        add(headers, OFFSET, Long.toString(letter.offset()));
    }

    private static void add(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String cut(String text) {
        return text.length() <= MAX_HEADER_CHARS ? text : text.substring(0, MAX_HEADER_CHARS) + "…";
    }

    /** At most {@code max} bytes of {@code bytes}, not ending inside a UTF-8 sequence (binary values are cut anywhere). */
    static byte[] utf8Prefix(byte[] bytes, int max) {
        if (bytes.length <= max) {
            return bytes;
        }
        int end = max;
        // Step back over continuation bytes (10xxxxxx) to the start of the cut character, if it is one.
        int back = 0;
        while (end > 0 && back < 3 && (bytes[end] & 0xC0) == 0x80) {
            end--;
            back++;
        }
        return Arrays.copyOf(bytes, end);
    }

    private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(exception);
                }
            });
        } catch (RuntimeException e) {
            // Serialisation, a closed producer, or a wait for metadata that timed out.
            sent.completeExceptionally(e);
        }
        return sent;
    }

    private static boolean tooLarge(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException;
    }

    private static boolean retriable(Throwable failure) {
        return unwrap(failure) instanceof RetriableException;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void notify(String topic, Outcome outcome) {
        try {
            listener.written(topic, outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "dead-letter listener failed", e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
