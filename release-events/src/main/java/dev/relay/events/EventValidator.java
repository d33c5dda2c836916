package dev.relay.events;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an event against the contract. Every problem is reported as an {@link InvalidEventException}
 * whose message names the field, so a dead-lettered record says what to fix.
 */
public final class EventValidator {

    public static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    /** A platform package pin as a campaign names it. */
    public static final Pattern PLATFORM_PIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9][A-Za-z0-9.+!_-]*");
    private static final Pattern USER_INFO = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://)([^/@\\s]+)@");

    private EventValidator() {
    }

    public static <T extends RelayEvent> T validate(T event) {
        if (event == null) {
            throw new InvalidEventException("payload", "is empty");
        }
        validateRelease(event.release());
        boolean rollbackEvent = event instanceof RollbackRequested || event instanceof GitOpsReverted
                || event instanceof ModelInfoReverted || event instanceof ReleaseRolledBack;
        boolean either = event instanceof ReleaseStatus || event instanceof ReleaseFailed;
        if (!either && rollbackEvent != Rollback.isRollbackId(event.release().releaseId())) {
            throw new InvalidEventException("release.releaseId", rollbackEvent
                    ? "'" + event.release().releaseId() + "' must be a rollback id (<model>@<to>" + Rollback.MARKER + "<suffix>)"
                    : "'" + event.release().releaseId() + "' is a rollback id; a release's is <model>@<version>");
        }
        Campaign campaign = campaignOf(event);
        if (!either && (campaign != null || event instanceof RebuildRequested || event instanceof RolloutRequested)
                != Campaign.isCampaignId(event.release().releaseId())) {
            throw new InvalidEventException("release.releaseId", Campaign.isCampaignId(event.release().releaseId())
                    ? "'" + event.release().releaseId() + "' is a campaign's id, but the event has no campaign block"
                    : "'" + event.release().releaseId() + "' must be a campaign's id (<model>@<version>" + Campaign.MARKER
                            + "<campaign>[.cutover|.rollback])");
        }
        if (campaign != null || event instanceof RebuildRequested || event instanceof RolloutRequested) {
            campaign(event.release(), campaign, event instanceof RebuildRequested || event instanceof ImageBuilt);
        }
        // Java 17: no pattern matching for switch yet, so one branch per payload type.
        if (event instanceof ImageBuilt e) {
            modelConfig(e.release(), e.modelConfig());
            image(e.image());
            required("requirements", e.requirements());
            if (e.buildSeconds() < 0) {
                throw new InvalidEventException("buildSeconds", "must not be negative");
            }
        } else if (event instanceof EnvVerified e) {
            modelConfig(e.release(), e.modelConfig());
            image(e.image());
            required("environment", e.environment());
            required("environment.python", e.environment().python());
            required("environment.packages", e.environment().packages());
            required("diff", e.diff());
            required("checks", e.checks());
        } else if (event instanceof ModelInfoMigrated e) {
            modelConfig(e.release(), e.modelConfig());
            image(e.image());
            required("migrations", e.migrations());
            required("migrations.applied", e.migrations().applied());
            required("migrations.alreadyApplied", e.migrations().alreadyApplied());
            required("migrations.collection", e.migrations().collection());
        } else if (event instanceof GitOpsUpdated e) {
            modelConfig(e.release(), e.modelConfig());
            image(e.image());
            gitops(e.gitops());
        } else if (event instanceof RollbackRequested e) {
            rollback(e.release(), e.rollback());
        } else if (event instanceof GitOpsReverted e) {
            rollback(e.release(), e.rollback());
            gitops(e.gitops());
        } else if (event instanceof ModelInfoReverted e) {
            rollback(e.release(), e.rollback());
            required("reverted", e.reverted());
            required("collection", e.collection());
        } else if (event instanceof ReleaseRolledBack e) {
            rollback(e.release(), e.rollback());
            ReleaseRolledBack.EnvironmentChange env = required("environment", e.environment());
            required("environment.to", env.to());
        } else if (event instanceof RolloutRequested e) {
            image(e.image());
        } else if (event instanceof ReleaseFailed e) {
            required("stage", e.stage());
            required("reason", e.reason());
            required("message", e.message());
        } else if (event instanceof ReleaseStatus e) {
            required("stage", e.stage());
            required("state", e.state());
            required("at", e.at());
            if (e.millis() < 0) {
                throw new InvalidEventException("millis", "must not be negative");
            }
        }
        return event;
    }

    /** Validates a model name on its own, e.g. from a REST path. */
    public static String model(String field, String model) {
        required(field, model);
        if (!MODEL_NAME.matcher(model).matches()) {
            throw new InvalidEventException(field, "'" + model + "' is not a model name (" + MODEL_NAME.pattern() + ")");
        }
        return model;
    }

    /** Validates a git tag on its own. */
    public static String version(String field, String version) {
        required(field, version);
        GitRefNames.problemWithTag(version).ifPresent(problem -> {
            throw new InvalidEventException(field, "'" + version + "' is not a valid git tag: " + problem);
        });
        return version;
    }

    public static String commit(String field, String commit) {
        required(field, commit);
        if (!COMMIT.matcher(commit).matches()) {
            throw new InvalidEventException(field, "'" + commit + "' is not a full 40-hex commit id");
        }
        return commit;
    }

    private static void validateRelease(Release release) {
        required("release", release);
        model("release.model", release.model());
        version("release.version", release.version());
        required("release.releaseId", release.releaseId());
        String expected = Release.releaseIdOf(release.model(), release.version());
        if (!expected.equals(release.releaseId()) && !isRollbackIdOf(expected, release.releaseId())
                && !Campaign.parse(release.releaseId()).map(id -> id.releaseId().equals(expected)).orElse(false)) {
            throw new InvalidEventException("release.releaseId",
                    "'" + release.releaseId() + "' must be '" + expected + "' (<model>@<version>), a rollback's id '"
                            + expected + Rollback.MARKER + "<suffix>' or a campaign's '" + expected + Campaign.MARKER + "<id>'");
        }
        repoUrl("release.repoUrl", release.repoUrl());
        commit("release.commit", release.commit());
        required("release.taggedBy", release.taggedBy());
        required("release.taggedAt", release.taggedAt());
    }

    /**
     * A repository URL without credentials: they belong in each service's configuration, never in an
     * event that every consumer, log and topic browser sees. An SSH user name alone is not a secret.
     */
    public static String repoUrl(String field, String url) {
        required(field, url);
        java.util.regex.Matcher m = USER_INFO.matcher(url);
        if (m.find()) {
            boolean sshUser = m.group(1).toLowerCase(java.util.Locale.ROOT).contains("ssh") && !m.group(2).contains(":");
            if (!sshUser) {
                throw new InvalidEventException(field, "'" + Redaction.redact(url)
                        + "' carries credentials in the URL; configure them in the service instead");
            }
        }
        return url;
    }

    /** The change in the GitOps repository, as gitops.updated and gitops.reverted carry it. */
    private static void gitops(GitOps gitops) {
        GitOps g = required("gitops", gitops);
        required("gitops.repoUrl", g.repoUrl());
        required("gitops.branch", g.branch());
        commit("gitops.commit", g.commit());
        required("gitops.files", g.files());
        required("gitops.to", g.to());
    }

    private static Campaign campaignOf(RelayEvent event) {
        if (event instanceof RebuildRequested e) {
            return e.campaign();
        } else if (event instanceof RolloutRequested e) {
            return e.campaign();
        } else if (event instanceof ImageBuilt e) {
            return e.campaign();
        } else if (event instanceof GitOpsUpdated e) {
            return e.campaign();
        }
        return null;
    }

    /** The campaign block agrees with the release block's id: same campaign, same step (a rebuild, or a rollout). */
    private static void campaign(Release release, Campaign campaign, boolean rebuild) {
        required("campaign", campaign);
        String id = required("campaign.campaignId", campaign.campaignId());
        if (!Campaign.ID.matcher(id).matches()) {
            throw new InvalidEventException("campaign.campaignId", "'" + id + "' is not a campaign id (" + Campaign.ID.pattern() + ")");
        }
        required("campaign.name", campaign.name());
        required("campaign.baseImage", campaign.baseImage());
        Campaign.Step step = required("campaign.step", campaign.step());
        if (rebuild != (step == Campaign.Step.rebuild)) {
            throw new InvalidEventException("campaign.step", "'" + step + "' does not belong on this event (expected "
                    + (rebuild ? "rebuild" : "cutover or rollback") + ")");
        }
        String expected = Campaign.releaseIdOf(release.model(), release.version(), id, step);
        if (!expected.equals(release.releaseId())) {
            throw new InvalidEventException("release.releaseId", "'" + release.releaseId() + "' must be '" + expected
                    + "' (the campaign's id and step)");
        }
        if (campaign.platformPackage() != null && !PLATFORM_PIN.matcher(campaign.platformPackage()).matches()) {
            throw new InvalidEventException("campaign.platformPackage", "'" + campaign.platformPackage()
                    + "' is not an exact pin (name==version)");
        }
    }

    private static boolean isRollbackIdOf(String releaseId, String candidate) {
        String prefix = releaseId + Rollback.MARKER;
        return candidate.startsWith(prefix) && Rollback.SUFFIX.matcher(candidate.substring(prefix.length())).matches();
    }

    private static void rollback(Release release, Rollback rollback) {
        required("rollback", rollback);
        required("rollback.rollbackId", rollback.rollbackId());
        if (!rollback.rollbackId().equals(release.releaseId())) {
            throw new InvalidEventException("rollback.rollbackId", "'" + rollback.rollbackId() + "' is not the release block's id '"
                    + release.releaseId() + "'");
        }
        if (!release.model().equals(rollback.model())) {
            throw new InvalidEventException("rollback.model", "'" + rollback.model() + "' is not the release's model '" + release.model() + "'");
        }
        if (!release.version().equals(rollback.to())) {
            throw new InvalidEventException("rollback.to", "'" + rollback.to() + "' is not the release's version '" + release.version() + "'");
        }
        if (rollback.from() != null) {
            version("rollback.from", rollback.from());
        }
        if (rollback.releases() != null) {
            required("rollback.releases", rollback.releases());
            for (int i = 0; i < rollback.releases().size(); i++) {
                Rollback.RolledBackRelease r = rollback.releases().get(i);
                required("rollback.releases[" + i + "].releaseId", r.releaseId());
                version("rollback.releases[" + i + "].version", r.version());
            }
        }
    }

    private static void modelConfig(Release release, ModelConfig config) {
        if (config == null) {
            return;
        }
        if (config.model() != null && !config.model().equals(release.model())) {
            throw new InvalidEventException("modelConfig.model", "'" + config.model() + "' is not the release's model '"
                    + release.model() + "'");
        }
        required("modelConfig.verify", config.verify());
        try {
            ModelConfigParser.migrationsDir("migrationsDir", config.migrationsDir());
        } catch (InvalidModelConfigException e) {
            throw new InvalidEventException("modelConfig.migrationsDir", "'" + config.migrationsDir()
                    + "' is not a folder inside the repository");
        }
    }

    private static void image(Image image) {
        required("image", image);
        required("image.ref", image.ref());
        required("image.id", image.id());
        if (image.sizeBytes() < 0) {
            throw new InvalidEventException("image.sizeBytes", "must not be negative");
        }
    }

    // Collection.contains(null) throws on immutable collections, so look for nulls ourselves.
    private static boolean hasNull(Collection<?> values) {
        for (Object v : values) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }

    private static <V> V required(String field, V value) {
        boolean missing = value == null
                || value instanceof String s && s.isBlank()
                || value instanceof Collection<?> c && hasNull(c)
                || value instanceof Map<?, ?> m && (hasNull(m.keySet()) || hasNull(m.values()));
        if (missing) {
            throw new InvalidEventException(field, value == null || value instanceof String ? "is required" : "must not contain null");
        }
        return value;
    }
}
