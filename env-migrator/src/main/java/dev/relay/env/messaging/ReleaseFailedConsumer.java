package dev.relay.env.messaging;

import dev.relay.env.core.campaign.CampaignOutcomes;
import dev.relay.events.Campaign;
import dev.relay.events.EventCodec;
import dev.relay.events.InvalidEventException;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.stage.StageDelivery;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * release.failed, for campaigns only: a rebuild that image-builder could not build fails its row, a rollout that
 * release-bumper could not do is noted on it. Every other failure (a release's) is acknowledged and left alone;
 * a record that is not a valid release.failed goes to {@code release.failed.dlq}.
 */
@ApplicationScoped
public class ReleaseFailedConsumer {

    private static final Logger LOG = Logger.getLogger(ReleaseFailedConsumer.class);

    private final CampaignOutcomes campaigns;
    private final EventCodec codec;

    public ReleaseFailedConsumer(CampaignOutcomes campaigns, EventCodec codec) {
        this.campaigns = campaigns;
        this.codec = codec;
    }

    @Incoming("campaign-failures")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        ReleaseFailed event;
        try {
            event = codec.decodeRecord(ReleaseFailed.class, StageDelivery.ceType(message), message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("release.failed record rejected to the DLQ: %s", e.getMessage());
            return message.nack(e);
        }
        if (Campaign.isCampaignId(event.release().releaseId())) {
            campaigns.failed(event);
        }
        return message.ack();
    }
}
