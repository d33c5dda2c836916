package dev.relay.builder.messaging;

import dev.relay.builder.core.BuildQueue;
import dev.relay.events.EventCodec;
import dev.relay.events.RebuildRequested;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code rebuild.requested} (a campaign's rebuild of a model's current release), in its own consumer group
 * {@code image-builder-campaigns}, so a campaign's burst of records never delays the offsets of {@code release.tagged}.
 * As {@link ReleaseTaggedConsumer}: an invalid record is nacked to {@code rebuild.requested.dlq}; a valid one joins the
 * same build queue as releases (one model at a time, in arrival order) and is acknowledged once its events are out.
 */
@ApplicationScoped
public class RebuildRequestedConsumer {

    private static final Logger LOG = Logger.getLogger(RebuildRequestedConsumer.class);

    private final BuildQueue queue;
    private final EventCodec codec = new EventCodec();

    public RebuildRequestedConsumer(BuildQueue queue) {
        this.queue = queue;
    }

    @Incoming("rebuild-requested")
    public CompletionStage<Void> onRebuildRequested(Message<String> message) {
        return QueuedDelivery.queue(message, RebuildRequested.class, codec, queue::submit, queue::admission, LOG);
    }
}
