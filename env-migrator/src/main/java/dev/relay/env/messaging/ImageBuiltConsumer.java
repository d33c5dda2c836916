package dev.relay.env.messaging;

import dev.relay.env.core.campaign.CampaignOutcomes;
import dev.relay.events.EventCodec;
import dev.relay.events.ImageBuilt;
import dev.relay.events.InvalidEventException;
import dev.relay.events.stage.ModelLanes;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.stage.StageDelivery;
import dev.relay.events.stage.StageRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * image.built in. A release's image is handed to the verify stage's runner (which publishes release.status,
 * env.verified or release.failed); a campaign's rebuilt image (the event has a {@code campaign} block) is verified
 * the same way for the campaign's report, with no env.verified ({@link CampaignOutcomes}). A record that is not a
 * valid image.built, its {@code ce_type} header included, is nacked with the reason, which sends it to
 * {@code image.built.dlq}. Probes run on the
 * {@link ModelLanes}: models side by side up to {@code relay.env.concurrency}, one model's records in the order they
 * arrive, the record acknowledged once its events are out; the method itself returns at once, on the polling thread.
 */
@ApplicationScoped
public class ImageBuiltConsumer {

    private static final Logger LOG = Logger.getLogger(ImageBuiltConsumer.class);

    private final StageDelivery<ImageBuilt> delivery;
    private final CampaignOutcomes campaigns;
    private final EventCodec codec;
    private final PublishRetry publishRetry;
    private final ModelLanes lanes;

    public ImageBuiltConsumer(StageRunner<ImageBuilt> runner, CampaignOutcomes campaigns, EventCodec codec,
                              PublishRetry publishRetry, ModelLanes lanes) {
        this.delivery = new StageDelivery<>(ImageBuilt.class, runner, publishRetry, codec);
        this.campaigns = campaigns;
        this.codec = codec;
        this.publishRetry = publishRetry;
        this.lanes = lanes;
    }

    @Incoming("image-built")
    public CompletionStage<Void> consume(Message<String> message) {
        ImageBuilt event;
        try {
            event = codec.decodeRecord(ImageBuilt.class, StageDelivery.ceType(message), message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("image.built record rejected to the DLQ: %s", e.getMessage());
            return message.nack(e);
        }
        if (event.campaign() == null) {
            return delivery.deliverOn(lanes, message, event);
        }
        return StageDelivery.onLane(lanes, message, event.release(), () -> publishRetry.untilPublished(() -> {
            campaigns.imageBuilt(event);
            return Boolean.TRUE;
        }, Boolean.class));
    }
}
