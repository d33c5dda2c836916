package dev.relay.events.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The writer's three outcomes on Kafka's own producer test double; the real broker is in the chain test. */
class DeadLetterWriterTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final List<String> outcomes = new ArrayList<>();
    private final DeadLetterWriter writer = new DeadLetterWriter(producer, 10,
            (topic, outcome) -> outcomes.add(topic + ":" + outcome));

    private static DeadLetter letter(String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", "dev.relay.release.tagged".getBytes(StandardCharsets.UTF_8));
        return new DeadLetter("release.tagged", 2, 41L, "hello-model".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), headers, "release.model: must not be blank", "the cause");
    }

    @Test
    void aRecordTheTopicTakesIsDeadLetteredWithItsHeadersAndTheReason() throws Exception {
        CompletableFuture<DeadLetterWriter.Outcome> outcome = writer.write(letter("{\"not\":\"valid\"}"), "release.tagged.dlq").toCompletableFuture();
        producer.completeNext();

        assertThat(outcome.get()).isEqualTo(DeadLetterWriter.Outcome.DEAD_LETTERED);
        ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("release.tagged.dlq");
        assertThat(new String(sent.value(), StandardCharsets.UTF_8)).isEqualTo("{\"not\":\"valid\"}");
        assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo("hello-model");
        assertThat(header(sent, "ce_type")).isEqualTo("dev.relay.release.tagged");
        assertThat(header(sent, DeadLetterWriter.REASON)).isEqualTo("release.model: must not be blank");
        assertThat(header(sent, DeadLetterWriter.CAUSE)).isEqualTo("the cause");
        assertThat(header(sent, DeadLetterWriter.TOPIC)).isEqualTo("release.tagged");
        assertThat(header(sent, DeadLetterWriter.PARTITION)).isEqualTo("2");
        assertThat(header(sent, DeadLetterWriter.OFFSET)).isEqualTo("41");
        assertThat(sent.headers().lastHeader(DeadLetterWriter.TRUNCATED)).isNull();
        assertThat(outcomes).containsExactly("release.tagged:DEAD_LETTERED");
    }

    @Test
    void aRecordTooLargeForTheDeadLetterTopicGoesThereTruncatedWithItsOriginalSize() throws Exception {
        DeadLetter big = letter("0123456789abcdefghij");
        CompletableFuture<DeadLetterWriter.Outcome> outcome = writer.write(big, "release.tagged.dlq").toCompletableFuture();
        producer.errorNext(new RecordTooLargeException("too large"));
        producer.completeNext();

        assertThat(outcome.get()).isEqualTo(DeadLetterWriter.Outcome.TRUNCATED);
        ProducerRecord<byte[], byte[]> sent = producer.history().get(1);
        assertThat(new String(sent.value(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
        assertThat(header(sent, DeadLetterWriter.TRUNCATED)).isEqualTo("true");
        assertThat(header(sent, DeadLetterWriter.ORIGINAL_SIZE)).isEqualTo(Long.toString(big.size()));
        assertThat(big.size()).isEqualTo(11 + 20 + "ce_type".length() + "dev.relay.release.tagged".length());
        assertThat(header(sent, DeadLetterWriter.REASON)).isEqualTo("release.model: must not be blank");
        assertThat(sent.headers().lastHeader("ce_type")).as("the original headers may be what is too large").isNull();
        assertThat(outcomes).containsExactly("release.tagged:TRUNCATED");
    }

    @Test
    void aRecordNotEvenTruncatedCanBeWrittenIsSkippedAndCounted() throws Exception {
        CompletableFuture<DeadLetterWriter.Outcome> outcome = writer.write(letter("x".repeat(50)), "release.tagged.dlq").toCompletableFuture();
        producer.errorNext(new RecordTooLargeException("too large"));
        producer.errorNext(new RecordTooLargeException("still too large"));

        assertThat(outcome.get()).isEqualTo(DeadLetterWriter.Outcome.SKIPPED);
        assertThat(outcomes).containsExactly("release.tagged:SKIPPED");
    }

    @Test
    void aFailureNoRetryMendsIsSkipped() throws Exception {
        CompletableFuture<DeadLetterWriter.Outcome> outcome = writer.write(letter("{}"), "release.tagged.dlq").toCompletableFuture();
        producer.errorNext(new AuthorizationException("not allowed to write release.tagged.dlq"));

        assertThat(outcome.get()).isEqualTo(DeadLetterWriter.Outcome.SKIPPED);
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void theBrokerAwayIsLeftToTheCallerToRetryAndNothingIsCounted() {
        CompletableFuture<DeadLetterWriter.Outcome> outcome = writer.write(letter("{}"), "release.tagged.dlq").toCompletableFuture();
        producer.errorNext(new TimeoutException("broker away"));

        assertThatThrownBy(outcome::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(outcomes).isEmpty();
    }

    @Test
    void aTruncatedValueDoesNotEndInsideACharacter() {
        byte[] text = "abcé€".getBytes(StandardCharsets.UTF_8); // a b c (1 each), é (2), € (3): 8 bytes
        assertThat(new String(DeadLetterWriter.utf8Prefix(text, 4), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(new String(DeadLetterWriter.utf8Prefix(text, 5), StandardCharsets.UTF_8)).isEqualTo("abcé");
        assertThat(new String(DeadLetterWriter.utf8Prefix(text, 7), StandardCharsets.UTF_8)).isEqualTo("abcé");
        assertThat(DeadLetterWriter.utf8Prefix(text, 8)).isEqualTo(text);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
