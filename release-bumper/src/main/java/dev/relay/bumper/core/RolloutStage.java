package dev.relay.bumper.core;

import dev.relay.events.Campaign;
import dev.relay.events.GitOps;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.RolloutRequested;
import dev.relay.events.stage.Stage;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A campaign's rollout: {@code rollout.requested} in, its image written into the GitOps repository by the same bump
 * as a release (byte-exact editor, trailers, push retries), {@code gitops.updated} out with the same campaign block,
 * on which env-migrator makes the matching environment current. At cutover the image is the campaign's rebuild, at
 * rollback the model's pre-campaign image; the stage does not tell them apart, the event says which.
 *
 * <p>The commit's {@code Relay-Release-Id} is the rollout's id ({@code <model>@<version>~campaign-<id>.cutover} or
 * {@code .rollback}), so a re-delivered request finds its commit and commits nothing twice; {@code Relay-Campaign-Id}
 * names the campaign. {@link DeployHistory} reads such a commit as another image of the same release, not as a
 * release of its own. An image already in place is a success without a commit ({@code noop}), as for a release.
 *
 * <p><b>Holds.</b> Both steps deploy an image of the event's release. While a rollback holds that release, nothing
 * but a hold lift deploys it again, so both fail with {@value BumpFailure#HELD}: the model was rolled back off the
 * release, and off the campaign's image with it. The failure is retryable (not remembered): once the hold is
 * lifted, the same request goes through.
 */
public final class RolloutStage implements Stage<RolloutRequested> {

    private static final System.Logger LOG = System.getLogger(RolloutStage.class.getName());

    private final Bumper bumper;

    public RolloutStage(Bumper bumper) {
        this.bumper = bumper;
    }

    @Override
    public RelayEvent run(RolloutRequested event) {
        Release release = event.release();
        Campaign campaign = event.campaign();
        ImageRef image = BumpStage.imageOf(event.image());
        String deploys = Release.releaseIdOf(release.model(), release.version());
        bumper.deployHistory(release.model()).heldBy(deploys).ifPresent(rollbackId -> {
            throw BumpFailure.retryable(BumpFailure.HELD, deploys + " is held: " + rollbackId + " rolled it back, so campaign "
                    + campaign.campaignId() + " does not " + campaign.step() + " it. Lift the hold (DELETE /holds/"
                    + release.model() + "/" + release.version() + ") to deploy it again", null);
        });
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(CommitMessage.SOURCE_REPO, release.repoUrl());
        trailers.put(CommitMessage.CAMPAIGN_ID, campaign.campaignId());
        // The subject names the image's tag (v0.0.11-py313 at cutover): the release's version would read as a no-op.
        BumpResult result = bumper.bump(new BumpRequest(release.model(), image, image.version(), release.releaseId(),
                release.commit(), false, trailers));
        LOG.log(Level.INFO, () -> release.releaseId() + ": "
                + (result.noop() ? "already at target" : result.replayed() ? "rolled out earlier" : "rolled out") + " "
                + result.from() + " -> " + result.to() + " in " + bumper.repoUrl() + " (" + result.commit() + ")");
        return new GitOpsUpdated(release, event.image(), new GitOps(bumper.repoUrl(), bumper.branch(), result.commit(),
                result.files(), result.from(), result.to(), result.noop()), null, campaign);
    }
}
