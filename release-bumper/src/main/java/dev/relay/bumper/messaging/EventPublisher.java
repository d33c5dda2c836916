package dev.relay.bumper.messaging;

import dev.relay.bumper.core.BumpStage;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.RelayEvent;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.EventSink;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes events as the contract says: key = model, JSON value, CloudEvents binary-mode headers,
 * the topic of the event's type. {@link #publish} returns only once the broker has acknowledged the
 * record, so the consumer acks its input only after every result is stored; a nack or send failure
 * is an {@link EventSink.PublishFailedException}.
 */
@ApplicationScoped
public class EventPublisher implements EventSink {

    public static final String SOURCE = new StageEvents(BumpStage.STAGE).source();

    private final MutinyEmitter<String> gitopsUpdated;
    private final MutinyEmitter<String> releaseFailed;
    private final MutinyEmitter<String> releaseStatus;
    private final MutinyEmitter<String> rollbackRequested;
    private final MutinyEmitter<String> gitopsReverted;
    private final EventCodec codec = new EventCodec();

    public EventPublisher(@Channel("gitops-updated") MutinyEmitter<String> gitopsUpdated,
                          @Channel("release-failed") MutinyEmitter<String> releaseFailed,
                          @Channel("release-status") MutinyEmitter<String> releaseStatus,
                          @Channel("rollback-requested") MutinyEmitter<String> rollbackRequested,
                          @Channel("gitops-reverted") MutinyEmitter<String> gitopsReverted) {
        this.gitopsUpdated = gitopsUpdated;
        this.releaseFailed = releaseFailed;
        this.releaseStatus = releaseStatus;
        this.rollbackRequested = rollbackRequested;
        this.gitopsReverted = gitopsReverted;
    }

    /** Sends the event and waits for the broker's acknowledgement. */
    @Override
    public void publish(RelayEvent event) {
        RecordHeaders headers = new RecordHeaders();
        CloudEvents.headers(event, SOURCE).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        Message<String> message = Message.of(codec.encodeToString(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.release().model()).withHeaders(headers).build());
        MutinyEmitter<String> emitter = switch (event.type()) {
            case GITOPS_UPDATED -> gitopsUpdated;
            case RELEASE_FAILED -> releaseFailed;
            case RELEASE_STATUS -> releaseStatus;
            case ROLLBACK_REQUESTED -> rollbackRequested;
            case GITOPS_REVERTED -> gitopsReverted;
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
