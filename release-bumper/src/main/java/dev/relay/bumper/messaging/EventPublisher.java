package dev.relay.bumper.messaging;

import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.RelayEvent;
import dev.relay.events.StageEvents;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes events as the contract says: key = model, JSON value, CloudEvents binary-mode headers. */
@ApplicationScoped
public class EventPublisher {

    public static final String SOURCE = new StageEvents("release-bumper").source();

    private final Emitter<String> gitopsUpdated;
    private final Emitter<String> releaseFailed;
    private final Emitter<String> releaseStatus;
    private final EventCodec codec = new EventCodec();

    public EventPublisher(@Channel("gitops-updated") Emitter<String> gitopsUpdated,
                          @Channel("release-failed") Emitter<String> releaseFailed,
                          @Channel("release-status") Emitter<String> releaseStatus) {
        this.gitopsUpdated = gitopsUpdated;
        this.releaseFailed = releaseFailed;
        this.releaseStatus = releaseStatus;
    }

    public void publish(RelayEvent event) {
        RecordHeaders headers = new RecordHeaders();
        CloudEvents.headers(event, SOURCE).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        Message<String> message = Message.of(codec.encodeToString(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.release().model()).withHeaders(headers).build());
        switch (event.type()) {
            case GITOPS_UPDATED:
                gitopsUpdated.send(message);
                break;
            case RELEASE_FAILED:
                releaseFailed.send(message);
                break;
            case RELEASE_STATUS:
                releaseStatus.send(message);
                break;
            default:
                throw new IllegalArgumentException("release-bumper does not publish " + event.type());
        }
    }
}
