package dev.relay.env.messaging;

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
 * Sends events the contract's way: key = model, JSON value, CloudEvents binary-mode headers, on the
 * channel of the event's type; returns once the broker has acknowledged.
 */
@ApplicationScoped
public class EventPublisher implements EventSink {

    private final MutinyEmitter<String> verified;
    private final MutinyEmitter<String> failed;
    private final MutinyEmitter<String> status;
    private final MutinyEmitter<String> rolledBack;
    private final MutinyEmitter<String> rebuild;
    private final MutinyEmitter<String> rollout;
    private final EventCodec codec;
    private final StageEvents stage;

    public EventPublisher(@Channel("env-verified") MutinyEmitter<String> verified,
                          @Channel("release-failed") MutinyEmitter<String> failed,
                          @Channel("release-status") MutinyEmitter<String> status,
                          @Channel("release-rolledback") MutinyEmitter<String> rolledBack,
                          @Channel("rebuild-requested") MutinyEmitter<String> rebuild,
                          @Channel("rollout-requested") MutinyEmitter<String> rollout,
                          EventCodec codec, StageEvents stage) {
        this.verified = verified;
        this.failed = failed;
        this.status = status;
        this.rolledBack = rolledBack;
        this.rebuild = rebuild;
        this.rollout = rollout;
        this.codec = codec;
        this.stage = stage;
    }

    /** @throws EventSink.PublishFailedException when the broker did not take the event */
    @Override
    public void publish(RelayEvent event) {
        MutinyEmitter<String> emitter = switch (event.type()) {
            case ENV_VERIFIED -> verified;
            case RELEASE_FAILED -> failed;
            case RELEASE_STATUS -> status;
            case RELEASE_ROLLEDBACK -> rolledBack;
            case REBUILD_REQUESTED -> rebuild;
            case ROLLOUT_REQUESTED -> rollout;
            default -> throw new IllegalArgumentException("env-migrator does not publish " + event.type());
        };
        RecordHeaders headers = new RecordHeaders();
        CloudEvents.headers(event, stage.source())
                .forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        Message<String> message = Message.of(codec.encodeToString(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.release().model()).withHeaders(headers).build());
        try {
            emitter.sendMessageAndAwait(message);
        } catch (RuntimeException e) {
            throw new PublishFailedException("the broker did not take " + event.type().topic() + " of "
                    + event.release().releaseId(), e);
        }
    }
}
