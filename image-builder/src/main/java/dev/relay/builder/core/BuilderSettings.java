package dev.relay.builder.core;

import dev.relay.events.Campaign;
import dev.relay.events.Release;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The platform's build settings, independent of how they are configured.
 *
 * @param registry        registry host (and path) images are tagged for and pushed to; empty to keep images local
 * @param contextMaxBytes the largest build context sent to the engine
 */
public record BuilderSettings(String defaultBaseImage, RequirementsPolicy policy, PackageSource packageSource,
                              Optional<String> registry, long contextMaxBytes, Path workDir) {

    /** {@code [<registry>/]<model>:<version>}; characters a tag may not hold become {@code _}. */
    public String imageRef(String model, String version) {
        String tag = version.replaceAll("[^A-Za-z0-9_.-]", "_");
        return registry.map(r -> r.replaceAll("/+$", "") + "/").orElse("") + model + ":" + tag;
    }

    /**
     * The image of a release, {@code <model>:<version>}, or of a campaign's rebuild of it, {@code <model>:<version>-<campaign>},
     * so a rebuild never takes the release's own tag (the release's image stays what GitOps points at until cutover).
     */
    public String imageRef(Release release, Campaign campaign) {
        return imageRef(release.model(), campaign == null ? release.version() : release.version() + "-" + campaign.campaignId());
    }
}
