package dev.relay.env.messaging;

import dev.relay.env.core.Cutover;
import dev.relay.env.core.campaign.CampaignOutcomes;
import dev.relay.events.EventCodec;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.InvalidEventException;
import dev.relay.events.stage.StageDelivery;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * gitops.updated: the release is deployed, so its environment becomes current and the old one retired
 * (never a failed or rolled-back one). A campaign's rollout (the event has a {@code campaign} block) moves its
 * row: the rebuilt environment becomes current at cutover, the pre-campaign one again at rollback ({@link CampaignOutcomes}).
 * Not a stage of the chain (it publishes nothing); a record that is not a valid gitops.updated, its
 * {@code ce_type} header included, is nacked to {@code gitops.updated.dlq}.
 */
@ApplicationScoped
public class GitOpsUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(GitOpsUpdatedConsumer.class);

    private final Cutover cutover;
    private final CampaignOutcomes campaigns;
    private final EventCodec codec;

    public GitOpsUpdatedConsumer(Cutover cutover, CampaignOutcomes campaigns, EventCodec codec) {
        this.cutover = cutover;
        this.campaigns = campaigns;
        this.codec = codec;
    }

    @Incoming("gitops-updated")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        GitOpsUpdated event;
        try {
            event = codec.decodeRecord(GitOpsUpdated.class, StageDelivery.ceType(message), message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("gitops.updated record rejected to the DLQ: %s", e.getMessage());
            return message.nack(e);
        }
        if (event.campaign() != null) {
            campaigns.rolledOut(event);
            return message.ack();
        }
        String releaseId = event.release().releaseId();
        Cutover.Outcome outcome = cutover.promote(releaseId);
        switch (outcome) {
            case promoted -> LOG.infof("%s is now the current environment of %s", releaseId, event.release().model());
            case alreadyCurrent -> LOG.debugf("%s already current", releaseId);
            // Nothing to switch: the release was never verified here, or it failed and cannot be current.
            case unknownRelease -> LOG.warnf("gitops.updated for %s, which env-migrator never verified; ignored", releaseId);
            case refusedFailed -> LOG.warnf("gitops.updated for %s, whose environment failed verification; not made current", releaseId);
            case refusedRolledBack -> LOG.warnf("gitops.updated for %s, which a rollback undid; not made current again", releaseId);
        }
        return message.ack();
    }
}
