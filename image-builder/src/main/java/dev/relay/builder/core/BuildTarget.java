package dev.relay.builder.core;

import dev.relay.events.Campaign;
import dev.relay.events.ModelConfig;
import dev.relay.events.RebuildRequested;
import dev.relay.events.Release;
import java.util.Optional;

/**
 * What one build makes: a release's image ({@code release.tagged}, a build by hand), or a campaign's rebuild of a
 * model's current release ({@code rebuild.requested}). Both take the one path of {@link BuildStage#build}; only the
 * few rules a campaign changes ask this value.
 *
 * @param release  the release block of the event; for a rebuild its id is the campaign's ({@code ~campaign-<id>})
 * @param campaign the campaign block of a rebuild, null for a release
 */
public record BuildTarget(Release release, Campaign campaign) {

    public static BuildTarget release(Release release) {
        return new BuildTarget(release, null);
    }

    public static BuildTarget rebuild(RebuildRequested request) {
        return new BuildTarget(request.release(), request.campaign());
    }

    public boolean isRebuild() {
        return campaign != null;
    }

    /** The base of a generated Dockerfile: the campaign's, else relay.yaml's {@code baseImage}, else the platform's. */
    public String baseImage(ModelConfig modelConfig, String platformDefault) {
        if (campaign != null) {
            return campaign.baseImage();
        }
        return modelConfig.baseImage() != null ? modelConfig.baseImage() : platformDefault;
    }

    /** The campaign's platform package pin, empty for a release or a campaign that keeps each model's pin. */
    public Optional<PlatformPin> platformPin() {
        return PlatformPin.of(campaign);
    }
}
