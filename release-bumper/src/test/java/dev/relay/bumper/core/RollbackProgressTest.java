package dev.relay.bumper.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.Campaign;
import dev.relay.events.GitOps;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.Release;
import dev.relay.events.ReleaseStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Campaign records on the topics the progress channel reads: they carry campaign ids, not rollback ids. */
class RollbackProgressTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Campaign CAMPAIGN = new Campaign("py313", "Python 3.13", "relay/python-base:3.13", null, Campaign.Step.rebuild);

    private final RollbackProgress progress = new RollbackProgress(Clock.fixed(NOW, ZoneOffset.UTC));

    private static Release release(String releaseId) {
        return new Release(releaseId, "hello-model", "v2", "https://git.example/m.git", "0".repeat(40), "ada", NOW);
    }

    private static ReleaseStatus status(String releaseId, String stage, ReleaseStatus.State state) {
        return new ReleaseStatus(release(releaseId), stage, state, NOW, 0);
    }

    @Test
    void aCampaignRebuildNeverHoldsTheModelsRollbacksUp() {
        String rebuild = Campaign.releaseIdOf("hello-model", "v2", "py313", Campaign.Step.rebuild);

        progress.apply(status(rebuild, "image-builder", ReleaseStatus.State.started));
        progress.apply(status(rebuild, "image-builder", ReleaseStatus.State.succeeded));
        progress.apply(status(rebuild, "env-migrator", ReleaseStatus.State.started));
        progress.apply(status(rebuild, "env-migrator", ReleaseStatus.State.succeeded));

        assertThat(progress.inFlight("hello-model")).isEmpty();
        assertThat(progress.find(rebuild)).isEmpty();
    }

    @Test
    void aCampaignRolloutIsInFlightWhileThisServiceWorksOnItAndNoRollback() {
        String cutover = Campaign.releaseIdOf("hello-model", "v2", "py313", Campaign.Step.cutover);
        String back = Campaign.releaseIdOf("hello-model", "v2", "py313", Campaign.Step.rollback);

        progress.apply(status(cutover, BumpStage.STAGE, ReleaseStatus.State.started));
        assertThat(progress.inFlight("hello-model")).contains(cutover);

        progress.apply(new GitOpsUpdated(release(cutover), new Image("r/hello-model:v2-py313", "sha256:" + "a".repeat(64), null, 1,
                null), new GitOps("https://git.example/ops.git", "main", "f".repeat(40), List.of("d.yaml"), "a", "b", false), null,
                CAMPAIGN.at(Campaign.Step.cutover)));
        progress.apply(status(cutover, BumpStage.STAGE, ReleaseStatus.State.succeeded));
        assertThat(progress.inFlight("hello-model")).isEmpty();

        // env-migrator making the environment current comes after the GitOps change: nothing under way here
        progress.apply(status(cutover, "env-migrator", ReleaseStatus.State.started));
        assertThat(progress.inFlight("hello-model")).isEmpty();

        // a campaign's rollback step is no rollback of the model
        progress.apply(status(back, BumpStage.STAGE, ReleaseStatus.State.started));
        assertThat(progress.find(back)).isEmpty();
        assertThat(progress.inFlight("hello-model")).contains(back);
        progress.apply(status(back, BumpStage.STAGE, ReleaseStatus.State.failed));
        assertThat(progress.inFlight("hello-model")).isEmpty();
    }

    @Test
    void aReleaseIsStillInFlightFromItsFirstStage() {
        progress.apply(status("hello-model@v3", "image-builder", ReleaseStatus.State.started));

        assertThat(progress.inFlight("hello-model")).contains("hello-model@v3");
    }
}
