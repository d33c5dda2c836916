package dev.relay.modelinfo.messaging;

import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.RelayEvent;
import dev.relay.events.Topics;
import dev.relay.events.stage.EventSink;
import dev.relay.modelinfo.core.MigrateStage;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends events as every stage does: key = model, JSON value, CloudEvents binary-mode headers; waits for the broker. */
@ApplicationScoped
public class EventPublisher implements EventSink {

    private static final String SOURCE = "/relay/" + MigrateStage.STAGE;

    private final MutinyEmitter<String> migrated;
    private final MutinyEmitter<String> reverted;
    private final MutinyEmitter<String> failed;
    private final MutinyEmitter<String> status;
    private final EventCodec codec;

    public EventPublisher(@Channel("modelinfo-migrated") MutinyEmitter<String> migrated,
                          @Channel("modelinfo-reverted") MutinyEmitter<String> reverted,
                          @Channel("release-failed") MutinyEmitter<String> failed,
                          @Channel("release-status") MutinyEmitter<String> status,
                          EventCodec codec) {
        this.migrated = migrated;
        this.reverted = reverted;
        this.failed = failed;
        this.status = status;
        this.codec = codec;
    }

    @Override
    public void publish(RelayEvent event) {
        MutinyEmitter<String> emitter = emitterFor(event);
        RecordHeaders headers = new RecordHeaders();
        CloudEvents.headers(event, SOURCE).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        Message<String> message = Message.of(codec.encodeToString(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.release().model()).withHeaders(headers).build());
        try {
            emitter.sendMessageAndAwait(message);
        } catch (RuntimeException e) {
            throw new PublishFailedException("could not publish " + event.type().ceType() + " of "
                    + event.release().releaseId(), e);
        }
    }

    private MutinyEmitter<String> emitterFor(RelayEvent event) {
        switch (event.type().topic()) {
            case Topics.MODELINFO_MIGRATED:
                return migrated;
            case Topics.MODELINFO_REVERTED:
                return reverted;
            case Topics.RELEASE_FAILED:
                return failed;
            case Topics.RELEASE_STATUS:
                return status;
            default:
                throw new IllegalArgumentException("this stage does not publish " + event.type().topic());
        }
    }
}
