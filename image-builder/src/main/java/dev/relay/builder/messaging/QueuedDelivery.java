package dev.relay.builder.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.InvalidEventException;
import dev.relay.events.RelayEvent;
import dev.relay.events.stage.StageDelivery;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * How the builder's consumers hand a record to the build queue: a record that does not decode (its {@code ce_type}
 * header included) is nacked, which sends it to its dead-letter topic with the reason; a valid one is queued and the
 * method returns at once, so the consumer keeps polling while builds run; the record is acknowledged only once its
 * events are published (the queue retries a publish the broker did not take, for as long as it takes).
 */
final class QueuedDelivery {

    private QueuedDelivery() {
    }

    static <T extends RelayEvent> CompletionStage<Void> queue(Message<String> message, Class<T> type, EventCodec codec,
                                                              Function<T, CompletableFuture<RelayEvent>> submit,
                                                              Supplier<CompletionStage<Void>> admission, Logger log) {
        T event;
        try {
            event = codec.decodeRecord(type, StageDelivery.ceType(message), message.getPayload());
        } catch (InvalidEventException e) {
            log.warnf("%s record rejected to the dead-letter topic: %s", EventType.of(type).topic(), e.getMessage());
            return message.nack(e);
        }
        String releaseId = event.release().releaseId();
        submit.apply(event).whenComplete((outcome, failure) -> {
            if (failure == null) {
                message.ack();
            } else {
                // Not a publish failure (the queue retries those until they are out): something unforeseen.
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                log.errorf(cause, "%s could not be handled", releaseId);
                message.nack(cause);
            }
        });
        return admission.get();
    }
}
