package dev.relay.builder.messaging;

import dev.relay.builder.core.BuildQueue;
import dev.relay.events.EventCodec;
import dev.relay.events.ReleaseTagged;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code release.tagged}. A record that does not decode (its {@code ce_type} header
 * included) is nacked, which sends it to {@code release.tagged.dlq} with the reason. A valid one is
 * queued and the method returns at once, so the consumer keeps polling while builds run; the
 * record is acknowledged only when its events are published (the queue retries a publish the broker
 * did not take, for as long as it takes). The throttled commit strategy
 * commits an offset only once every earlier record of the partition is acknowledged, so nothing
 * is committed before its result is out.
 */
@ApplicationScoped
public class ReleaseTaggedConsumer {

    private static final Logger LOG = Logger.getLogger(ReleaseTaggedConsumer.class);

    private final BuildQueue queue;
    private final EventCodec codec = new EventCodec();

    public ReleaseTaggedConsumer(BuildQueue queue) {
        this.queue = queue;
    }

    @Incoming("release-tagged")
    public CompletionStage<Void> onReleaseTagged(Message<String> message) {
        return QueuedDelivery.queue(message, ReleaseTagged.class, codec, queue::submit, queue::admission, LOG);
    }
}
