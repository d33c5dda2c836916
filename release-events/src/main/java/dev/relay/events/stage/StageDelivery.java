package dev.relay.events.stage;

import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.InvalidEventException;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What every stage's consumer does with one record, written once: decode it with its {@code ce_type} header
 * ({@link EventCodec#decodeRecord}); nack one that does not decode or validate, with the field at fault, which
 * the channel's {@code relay-dead-letter} strategy puts on the topic's DLQ; run a valid one through the stage
 * runner until its events are published ({@link PublishRetry}); then ack it. A consumer is then one line.
 *
 * <p>Needs the SmallRye Kafka connector's API (an optional dependency of the contract, as for the
 * dead-letter handler): the {@code ce_type} header comes from the record's metadata.
 *
 * @param <I> the event the stage consumes
 */
public final class StageDelivery<I extends RelayEvent> {

    private static final System.Logger LOG = System.getLogger(StageDelivery.class.getName());

    private final Class<I> type;
    private final StageRunner<I> runner;
    private final PublishRetry publishRetry;
    private final EventCodec codec;

    public StageDelivery(Class<I> type, StageRunner<I> runner, PublishRetry publishRetry, EventCodec codec) {
        this.type = type;
        this.runner = runner;
        this.publishRetry = publishRetry;
        this.codec = codec;
    }

    /** Blocks while the stage works and while the broker is away; call it on a worker thread. */
    public CompletionStage<Void> deliver(Message<String> message) {
        return decoded(message, event -> deliver(message, event));
    }

    /** As {@link #deliver(Message)}, for a record its consumer already decoded (to route it, say). */
    public CompletionStage<Void> deliver(Message<String> message, I event) {
        // The record stays unacknowledged until the delivery's events are out; the runner's replay rule makes a
        // repeat publish the stored outcome, never work twice.
        publishRetry.untilPublished(() -> runner.run(event), RelayEvent.class);
        return message.ack();
    }

    /**
     * As {@link #deliver(Message)}, on the model's lane: the stage runs on the lanes' pool, other models' records
     * alongside, and the record is acked once its events are out. Returns the lanes' admission, so the connector
     * hands over the next record at once unless too many are in flight. Call it on any thread.
     */
    public CompletionStage<Void> deliverOn(ModelLanes lanes, Message<String> message) {
        return decoded(message, event -> deliverOn(lanes, message, event));
    }

    /** Decodes the record and hands it on; one that does not decode or validate is nacked, to its dead-letter topic. */
    private CompletionStage<Void> decoded(Message<String> message, Function<I, CompletionStage<Void>> then) {
        I event;
        try {
            event = codec.decodeRecord(type, ceType(message), message.getPayload());
        } catch (InvalidEventException e) {
            LOG.log(Level.WARNING, () -> EventType.of(type).topic() + " record refused, to its dead-letter topic: " + e.getMessage());
            return message.nack(e);
        }
        return then.apply(event);
    }

    /** As {@link #deliverOn(ModelLanes, Message)}, for a record its consumer already decoded. */
    public CompletionStage<Void> deliverOn(ModelLanes lanes, Message<String> message, I event) {
        return onLane(lanes, message, event.release(), () -> publishRetry.untilPublished(() -> runner.run(event), RelayEvent.class));
    }

    /**
     * Runs any work of one record on its model's lane, acks the record when the work returns and nacks it (to its
     * dead-letter topic) when it throws, which only the unforeseen does: publish failures are retried inside.
     */
    public static CompletionStage<Void> onLane(ModelLanes lanes, Message<?> message, Release release, Runnable work) {
        lanes.submit(release.model(), () -> {
            work.run();
            return Boolean.TRUE;
        }).whenComplete((done, failure) -> {
            if (failure == null) {
                message.ack();
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                LOG.log(Level.ERROR, release.releaseId() + " could not be handled", cause);
                message.nack(cause);
            }
        });
        return lanes.admission();
    }

    /** The record's {@code ce_type} header, null when it has none (or the record is not from Kafka). */
    public static String ceType(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(CloudEvents.TYPE))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.UTF_8))
                .orElse(null);
    }
}
