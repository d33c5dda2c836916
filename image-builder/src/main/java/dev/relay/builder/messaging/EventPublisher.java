package dev.relay.builder.messaging;

import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.RelayEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes the builder's events: key = model, JSON value, CloudEvents binary-mode headers. Each
 * publish completes when the broker has the record, so the incoming record is acknowledged only
 * after its results are safely out.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String SOURCE = "/relay/image-builder";

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

    public CompletableFuture<Void> publish(RelayEvent event) {
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
        emitter.send(message);
        return sent;
    }
}
