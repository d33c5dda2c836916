package dev.relay.env.core.campaign;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relay.events.Campaign;
import dev.relay.events.Image;
import dev.relay.events.Release;
import java.time.Instant;

/**
 * One model of a campaign: the spreadsheet row the runbook filled in by hand, and where its rollout is.
 *
 * @param release       the model's current release when the campaign started (the one rebuilt; rollback returns to it)
 * @param fromImage     that release's image: what GitOps runs before cutover and after rollback
 * @param stage         the stage whose failure failed the row ({@code image-builder} or {@code env-migrator})
 * @param check         the first environment check that failed, null for a build failure
 * @param cause         what to fix, the key failures are grouped by in the report ({@link FailureCause})
 * @param logTail       the end of the build log or the failed checks' report
 * @param campaignImage the rebuilt image, once built
 * @param rolloutNote   why the last rollout failed or was not started
 */
public record CampaignRow(String model, Release release, Image fromImage, Result result, String stage, String check,
                          String reason, String cause, String message, String logTail, String pythonFrom, String pythonTo,
                          DiffSummary diff, Image campaignImage, Rollout rollout, String rolloutNote, Instant updatedAt) {

    public enum Result { pending, passed, failed }

    /** A row's way to and from GitOps. */
    public enum Rollout {
        none,
        @JsonProperty("cutting-over") cuttingOver,
        @JsonProperty("cut-over") cutOver,
        @JsonProperty("cutover-failed") cutoverFailed,
        @JsonProperty("rolling-back") rollingBack,
        @JsonProperty("rolled-back") rolledBack,
        @JsonProperty("rollback-failed") rollbackFailed;

        /** GitOps may run the campaign image: a rollback has something to undo. */
        public boolean towardsCampaign() {
            return this == cuttingOver || this == cutOver || this == cutoverFailed;
        }

        public boolean towardsRelease() {
            return this == rollingBack || this == rolledBack || this == rollbackFailed;
        }
    }

    public static CampaignRow pending(Release release, Image fromImage, String pythonFrom, Instant at) {
        return new CampaignRow(release.model(), release, fromImage, Result.pending, null, null, null, null, null, null,
                pythonFrom, null, DiffSummary.NONE, null, Rollout.none, null, at);
    }

    /** The release id of the model's release before the campaign, {@code <model>@<version>}. */
    @JsonIgnore
    public String releaseId() {
        return release.releaseId();
    }

    /** The id of this row's events at {@code step} ({@link Campaign#releaseIdOf}). */
    public String eventId(String campaignId, Campaign.Step step) {
        return Campaign.releaseIdOf(model, release.version(), campaignId, step);
    }

    /** The release block of this row's events at {@code step}: the current release with the campaign's own id. */
    public Release eventRelease(String campaignId, Campaign.Step step) {
        return new Release(eventId(campaignId, step), model, release.version(), release.repoUrl(), release.commit(),
                release.taggedBy(), release.taggedAt());
    }

    public CampaignRow passed(Image image, String pythonTo, DiffSummary diff, Instant at) {
        return new CampaignRow(model, release, fromImage, Result.passed, null, null, null, null, null, null, pythonFrom,
                pythonTo, diff, image, rollout, rolloutNote, at);
    }

    public CampaignRow failed(Failure f, Image image, String pythonTo, DiffSummary diff, Instant at) {
        return new CampaignRow(model, release, fromImage, Result.failed, f.stage(), f.check(), f.reason(),
                FailureCause.of(f), f.message(), f.logTail(), pythonFrom, pythonTo, diff, image, rollout, rolloutNote, at);
    }

    public CampaignRow rollout(Rollout next, String note, Instant at) {
        return new CampaignRow(model, release, fromImage, result, stage, check, reason, cause, message, logTail, pythonFrom,
                pythonTo, diff, campaignImage, next, note, at);
    }

    /** Why a row failed, as the stage reported it. */
    public record Failure(String stage, String check, String reason, String message, String detail) {

        /** Lines of a build log or a check report kept in the row. */
        static final int TAIL_LINES = 30;
        static final int TAIL_CHARS = 4000;

        public String logTail() {
            if (detail == null) {
                return null;
            }
            String[] lines = detail.strip().split("\r?\n");
            String tail = String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - TAIL_LINES), lines.length));
            return tail.length() <= TAIL_CHARS ? tail : tail.substring(tail.length() - TAIL_CHARS);
        }
    }
}
