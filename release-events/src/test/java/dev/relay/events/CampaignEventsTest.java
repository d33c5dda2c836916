package dev.relay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.events.golden.GoldenEvents;
import org.junit.jupiter.api.Test;

class CampaignEventsTest {

    final EventCodec codec = new EventCodec();

    @Test
    void aCampaignIdNamesTheReleaseTheCampaignAndTheStep() {
        assertThat(Campaign.releaseIdOf("hello-model", "v0.0.11", "py313", Campaign.Step.rebuild))
                .isEqualTo("hello-model@v0.0.11~campaign-py313");
        assertThat(Campaign.releaseIdOf("hello-model", "v0.0.11", "py313", Campaign.Step.rollback))
                .isEqualTo("hello-model@v0.0.11~campaign-py313.rollback");
        assertThat(Campaign.parse("hello-model@v0.0.11~campaign-py313.cutover"))
                .contains(new Campaign.Id("hello-model@v0.0.11", "py313", Campaign.Step.cutover));
        assertThat(Campaign.isCampaignId("hello-model@v0.0.11")).isFalse();
        assertThat(Campaign.isCampaignId("hello-model@v0.0.10~rollback-2f4c9a1e")).isFalse();
        assertThat(Campaign.isCampaignId("hello-model@v0.0.11~campaign-Py313")).isFalse();
        assertThat(Campaign.isCampaignId("hello-model@v0.0.11~campaign-py313.later")).isFalse();
    }

    @Test
    void aCampaignRebuildIsAnImageBuiltWithTheBlockAndTheCampaignId() {
        RebuildRequested rebuild = GoldenEvents.event(RebuildRequested.class);
        ImageBuilt built = GoldenEvents.event(ImageBuilt.class);
        ImageBuilt rebuilt = new ImageBuilt(rebuild.release(), built.image(), built.requirements(), 3.5, built.modelConfig(),
                rebuild.campaign());
        String json = codec.encodeToString(rebuilt);

        assertThat(codec.decodeRecord(ImageBuilt.class, EventType.IMAGE_BUILT.ceType(), json).campaign())
                .isEqualTo(new Campaign("py313", "Python 3.13 on trixie", "relay/python-base:3.13", "promote==1.11",
                        Campaign.Step.rebuild));
        // A release's image.built carries no campaign block at all.
        assertThat(codec.encodeToString(built)).doesNotContain("campaign");
    }

    @Test
    void aCampaignBlockOnAPlainReleaseIdIsRefusedNamingTheField() {
        ImageBuilt built = GoldenEvents.event(ImageBuilt.class);
        ImageBuilt wrong = new ImageBuilt(built.release(), built.image(), built.requirements(), 1, null,
                GoldenEvents.event(RebuildRequested.class).campaign());
        assertThatThrownBy(() -> EventValidator.validate(wrong))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("release.releaseId"))
                .hasMessageContaining("must be a campaign's id");
    }

    @Test
    void aCampaignIdWithoutTheBlockIsRefused() {
        RebuildRequested rebuild = GoldenEvents.event(RebuildRequested.class);
        ImageBuilt built = GoldenEvents.event(ImageBuilt.class);
        ImageBuilt wrong = new ImageBuilt(rebuild.release(), built.image(), built.requirements(), 1, null);
        assertThatThrownBy(() -> EventValidator.validate(wrong))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("release.releaseId"))
                .hasMessageContaining("has no campaign block");
    }

    @Test
    void theBlockMustAgreeWithTheIdAndTheEvent() {
        String otherCampaign = GoldenEvents.json(EventType.REBUILD_REQUESTED).replace("\"campaignId\" : \"py313\"",
                "\"campaignId\" : \"py314\"");
        assertThatThrownBy(() -> codec.decodeRecord(RebuildRequested.class, EventType.REBUILD_REQUESTED.ceType(), otherCampaign))
                .hasMessageContaining("release.releaseId: 'hello-model@v0.0.11~campaign-py313' must be "
                        + "'hello-model@v0.0.11~campaign-py314'");
        String rolloutOnRebuild = GoldenEvents.json(EventType.REBUILD_REQUESTED).replace("\"step\" : \"rebuild\"",
                "\"step\" : \"cutover\"");
        assertThatThrownBy(() -> codec.decodeRecord(RebuildRequested.class, EventType.REBUILD_REQUESTED.ceType(), rolloutOnRebuild))
                .hasMessageContaining("campaign.step: 'cutover' does not belong on this event (expected rebuild)");
        String noBase = GoldenEvents.without(GoldenEvents.json(EventType.ROLLOUT_REQUESTED), "image");
        assertThatThrownBy(() -> codec.decodeRecord(RolloutRequested.class, EventType.ROLLOUT_REQUESTED.ceType(), noBase))
                .hasMessageContaining("image: is required");
        String range = GoldenEvents.json(EventType.REBUILD_REQUESTED).replace("promote==1.11", "promote>=1.11");
        assertThatThrownBy(() -> codec.decodeRecord(RebuildRequested.class, EventType.REBUILD_REQUESTED.ceType(), range))
                .hasMessageContaining("campaign.platformPackage: 'promote>=1.11' is not an exact pin (name==version)");
    }

    @Test
    void statusesAndFailuresMayNameACampaignStep() {
        RebuildRequested rebuild = GoldenEvents.event(RebuildRequested.class);
        ReleaseFailed failed = new StageEvents("image-builder").failure(rebuild.release(), "base-image-missing", "no base", null);
        assertThat(EventValidator.validate(failed).release().releaseId()).isEqualTo("hello-model@v0.0.11~campaign-py313");
    }
}
