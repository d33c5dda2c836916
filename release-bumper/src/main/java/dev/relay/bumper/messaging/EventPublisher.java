package dev.relay.bumper.messaging;

import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.RelayEvent;
import dev.relay.events.StageEvents;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes events as the contract says: key = model, JSON value, CloudEvents binary-mode headers.
 * {@link #publish} returns only once the broker has acknowledged the record, so the consumer acks
 * its input only after every result is stored; a nack or send failure is a {@link PublishFailedException}.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String SOURCE = new StageEvents("release-bumper").source();

    private final MutinyEmitter<String> gitopsUpdated;
    private final MutinyEmitter<String> releaseFailed;
    private final MutinyEmitter<String> releaseStatus;
    private final EventCodec codec = new EventCodec();

    public EventPublisher(@Channel("gitops-updated") MutinyEmitter<String> gitopsUpdated,
                          @Channel("release-failed") MutinyEmitter<String> releaseFailed,
                          @Channel("release-status") MutinyEmitter<String> releaseStatus) {
        this.gitopsUpdated = gitopsUpdated;
        this.releaseFailed = releaseFailed;
        this.releaseStatus = releaseStatus;
    }

    /** Thrown when a result could not be published: the input record must be nacked, not acked. */
    public static final class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Sends the event and waits for the broker's acknowledgement. */
    public void publish(RelayEvent event) {
        RecordHeaders headers = new RecordHeaders();
        CloudEvents.headers(event, SOURCE).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        Message<String> message = Message.of(codec.encodeToString(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.release().model()).withHeaders(headers).build());
        MutinyEmitter<String> emitter = switch (event.type()) {
            case GITOPS_UPDATED -> gitopsUpdated;
            case RELEASE_FAILED -> releaseFailed;
            case RELEASE_STATUS -> releaseStatus;
            default -> throw new IllegalArgumentException("release-bumper does not publish " + event.type());
        };
        try {
            emitter.sendMessageAndAwait(message);
        } catch (RuntimeException e) {
            throw new PublishFailedException("could not publish " + event.type() + " of " + event.release().releaseId()
                    + ": " + e.getMessage(), e);
        }
    }
}
