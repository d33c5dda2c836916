package dev.relay.events;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The block every campaign event carries: a platform upgrade that rebuilds a model's current release on a new
 * base image ({@code rebuild.requested} → {@code image.built}), then moves GitOps to the rebuilt image
 * ({@code rollout.requested}, step {@code cutover}) or back to the pre-campaign one (step {@code rollback}).
 *
 * <p>Like a rollback, a campaign event's {@code release} block is the model's current release with an id of its
 * own ({@link #releaseIdOf}), so every stage's statuses, failures and replay rule work on it as on a release,
 * and a rebuild never replays the release's own outcome: {@code <model>@<version>~campaign-<id>} for the
 * rebuild, with {@code .cutover} or {@code .rollback} after it for the two rollouts.
 *
 * @param campaignId      {@link #ID}: what env-migrator's {@code POST /campaigns} answered
 * @param name            for humans
 * @param baseImage       the image every model is rebuilt on
 * @param platformPackage the platform package pin the rebuild uses instead of the model's own, {@code name==version};
 *                        null keeps each model's pin
 * @param step            which of the campaign's three moves this event belongs to
 */
public record Campaign(String campaignId, String name, String baseImage, String platformPackage, Step step) {

    public enum Step { rebuild, cutover, rollback }

    public static final String MARKER = "~campaign-";
    /** A campaign id: short enough for an image tag ({@code <version>-<id>}) and a branch of a consumer group name. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern RELEASE_ID = Pattern.compile("(.+@.+)" + Pattern.quote(MARKER)
            + "([a-z0-9][a-z0-9-]{0,39})(?:\\.(cutover|rollback))?");

    /** The id a campaign event's release block carries. */
    public static String releaseIdOf(String model, String version, String campaignId, Step step) {
        String rebuild = Release.releaseIdOf(model, version) + MARKER + campaignId;
        return step == Step.rebuild ? rebuild : rebuild + "." + step.name();
    }

    /** This block with another step (the cutover of a rebuilt model, say). */
    public Campaign at(Step other) {
        return new Campaign(campaignId, name, baseImage, platformPackage, other);
    }

    /** True for a {@code releaseId} that names a campaign's rebuild or rollout rather than a release. */
    public static boolean isCampaignId(String releaseId) {
        return releaseId != null && parse(releaseId).isPresent();
    }

    /** What a campaign release id names: the release it rebuilds, the campaign and the step. */
    public record Id(String releaseId, String campaignId, Step step) {
    }

    public static Optional<Id> parse(String releaseId) {
        Matcher m = RELEASE_ID.matcher(releaseId);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Id(m.group(1), m.group(2), m.group(3) == null ? Step.rebuild : Step.valueOf(m.group(3))));
    }
}
