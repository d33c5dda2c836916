package dev.relay.builder.messaging;

import dev.relay.builder.core.BuildStage;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.RelayEvent;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.EventSink;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes the builder's events: key = model, JSON value, CloudEvents binary-mode headers, the
 * topic of the event's type. {@link #publish} returns once the broker has the record, so the
 * incoming record is acknowledged only after its results are safely out.
 */
@ApplicationScoped
public class EventPublisher implements EventSink {

    public static final String SOURCE = new StageEvents(BuildStage.STAGE).source();

    private final Emitter<String> imageBuilt;
    private final Emitter<String> releaseFailed;
    private final Emitter<String> releaseStatus;
    private final EventCodec codec = new EventCodec();

    public EventPublisher(@Channel("image-built") Emitter<String> imageBuilt,
                          @Channel("release-failed") Emitter<String> releaseFailed,
                          @Channel("release-status") Emitter<String> releaseStatus) {
        this.imageBuilt = imageBuilt;
        this.releaseFailed = releaseFailed;
        this.releaseStatus = releaseStatus;
    }

    @Override
    public void publish(RelayEvent event) {
        Emitter<String> emitter = switch (event.type()) {
            case IMAGE_BUILT -> imageBuilt;
            case RELEASE_FAILED -> releaseFailed;
            case RELEASE_STATUS -> releaseStatus;
            default -> throw new IllegalArgumentException("image-builder does not publish " + event.type());
        };
        RecordHeaders headers = new RecordHeaders();
        CloudEvents.headers(event, SOURCE).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.release().model()).withHeaders(headers).build();
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Message<String> message = Message.of(codec.encodeToString(event), Metadata.of(metadata),
                () -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
            // The producer's delivery timeout bounds this wait: the broker acks or the send fails.
            sent.join();
        } catch (CompletionException e) {
            throw new PublishFailedException("the broker did not take " + event.type().topic() + " of "
                    + event.release().releaseId(), e.getCause());
        } catch (RuntimeException e) {
            // The emitter refuses a message when its channel is down or its buffer is full.
            throw new PublishFailedException("could not send " + event.type().topic() + " of " + event.release().releaseId(), e);
        }
    }
}
