package dev.relay.builder.messaging;

import dev.relay.builder.core.BuildRequest;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.InvalidEventException;
import dev.relay.events.Release;
import dev.relay.events.ReleaseTagged;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code release.tagged}. A record that does not decode is nacked, which sends it to
 * {@code release.tagged.dlq} with the reason. A valid one is queued and the method returns at
 * once, so the consumer keeps polling while builds run; the record is acknowledged only when its
 * results are published. The throttled commit strategy commits an offset only once every earlier
 * record of the partition is acknowledged, so nothing is committed before its result is out.
 */
@ApplicationScoped
public class ReleaseTaggedConsumer {

    private static final Logger LOG = Logger.getLogger(ReleaseTaggedConsumer.class);

    private final BuildService builds;
    private final EventCodec codec = new EventCodec();

    public ReleaseTaggedConsumer(BuildService builds) {
        this.builds = builds;
    }

    @Incoming("release-tagged")
    public CompletionStage<Void> onReleaseTagged(Message<String> message) {
        ReleaseTagged event;
        try {
            checkType(message);
            event = codec.decode(ReleaseTagged.class, message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("release.tagged record rejected to the dead-letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        Release r = event.release();
        builds.submit(new BuildRequest(r.model(), r.version(), r.repoUrl(), r.commit(), r.taggedBy(), r.taggedAt()), r)
                .whenComplete((outcome, failure) -> {
                    if (failure == null) {
                        message.ack();
                    } else {
                        LOG.errorf(failure, "could not publish the result of %s", r.releaseId());
                        message.nack(failure);
                    }
                });
        return CompletableFuture.completedFuture(null);
    }

    /** A record that says it is another event type is not a release.tagged, whatever its JSON looks like. */
    private static void checkType(Message<String> message) {
        message.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(meta -> {
            Header type = meta.getHeaders().lastHeader(CloudEvents.TYPE);
            if (type != null && type.value() != null) {
                String ceType = new String(type.value(), StandardCharsets.UTF_8);
                if (!EventType.RELEASE_TAGGED.ceType().equals(ceType)) {
                    throw new InvalidEventException(CloudEvents.TYPE, "'" + ceType + "' is not " + EventType.RELEASE_TAGGED.ceType());
                }
            }
        });
    }
}
