package dev.relay.env.core.campaign;

import dev.relay.env.core.Cutover;
import dev.relay.env.core.EnvironmentHistory;
import dev.relay.env.core.EnvironmentRecord;
import dev.relay.env.core.VerifyStage;
import dev.relay.events.Campaign;
import dev.relay.events.Check;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.ImageBuilt;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.EventSink;
import dev.relay.events.stage.StageFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The campaign events that come back, each written into its row: the rebuilt image (verified here exactly like a
 * release, recorded in the history under the rebuild's id, but answered with no {@code env.verified}, so nothing is
 * migrated or deployed), a rebuild or rollout that failed elsewhere ({@code release.failed}), and GitOps changed by a
 * rollout ({@code gitops.updated}), which moves the model's current environment. Every one is idempotent: a
 * re-delivery finds the environment recorded and the row as it left it.
 */
public final class CampaignOutcomes {

    private static final System.Logger LOG = System.getLogger(CampaignOutcomes.class.getName());

    private final CampaignStore store;
    private final VerifyStage verify;
    private final EnvironmentHistory history;
    private final Cutover cutover;
    private final StageEvents events;
    private final EventSink sink;
    private final Clock clock;

    public CampaignOutcomes(CampaignStore store, VerifyStage verify, EnvironmentHistory history, Cutover cutover,
                            StageEvents events, EventSink sink, Clock clock) {
        this.store = store;
        this.verify = verify;
        this.history = history;
        this.cutover = cutover;
        this.events = events;
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Verifies a campaign image and records its row. Publishes the stage's {@code release.status} and, when it
     * failed, {@code release.failed}, so dashboards see a campaign rebuild as they see a release.
     */
    public void imageBuilt(ImageBuilt event) {
        Release release = event.release();
        Optional<Located> located = locate(release.releaseId());
        if (located.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        sink.publish(events.started(release));
        CampaignRow.Failure failure = null;
        try {
            verify.run(event);
        } catch (StageFailure f) {
            failure = new CampaignRow.Failure(VerifyStage.STAGE, null, f.reason(), f.getMessage(), f.detail());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, release.releaseId() + ": campaign verification failed unexpectedly", e);
            failure = new CampaignRow.Failure(VerifyStage.STAGE, null, StageFailure.INTERNAL_ERROR,
                    StageFailure.internalErrorMessage(VerifyStage.STAGE, e), null);
        }
        Optional<EnvironmentRecord> recorded = history.find(release.releaseId());
        String pythonTo = recorded.map(EnvironmentRecord::environment).map(env -> env.python()).orElse(null);
        DiffSummary diff = recorded.map(r -> DiffSummary.of(r.diff())).orElse(DiffSummary.NONE);
        CampaignRow row = located.get().row();
        if (failure == null) {
            row = row.passed(event.image(), pythonTo, diff, now());
        } else {
            String check = recorded.flatMap(r -> r.checks().stream().filter(c -> !c.passed()).map(Check::name).findFirst())
                    .filter(name -> !name.equals("probe")).orElse(null);
            failure = new CampaignRow.Failure(failure.stage(), check, failure.reason(), failure.message(), failure.detail());
            row = row.failed(failure, event.image(), pythonTo, diff, now());
        }
        store.saveRow(located.get().campaign().campaignId(), row);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (failure != null) {
            sink.publish(events.failure(release, failure.reason(), failure.message(), failure.detail()));
            sink.publish(events.failed(release, millis));
        } else {
            sink.publish(events.succeeded(release, millis));
        }
    }

    /** A campaign event another stage failed: the rebuild (its row fails) or a rollout (the row says so). */
    public void failed(ReleaseFailed event) {
        Optional<Located> located = locate(event.release().releaseId());
        if (located.isEmpty()) {
            return;
        }
        CampaignRow row = located.get().row();
        String campaignId = located.get().campaign().campaignId();
        switch (located.get().step()) {
            case rebuild -> {
                // Our own verification failures are already in the row; a failure after a pass is a stale one.
                if (VerifyStage.STAGE.equals(event.stage()) || row.result() == CampaignRow.Result.passed) {
                    return;
                }
                store.saveRow(campaignId, row.failed(new CampaignRow.Failure(event.stage(), null, event.reason(),
                        event.message(), event.detail()), null, null, DiffSummary.NONE, now()));
            }
            case cutover -> {
                if (row.rollout() == CampaignRow.Rollout.cuttingOver) {
                    store.saveRow(campaignId, row.rollout(CampaignRow.Rollout.cutoverFailed,
                            event.stage() + ": " + event.reason() + ": " + event.message(), now()));
                }
            }
            case rollback -> {
                if (row.rollout() == CampaignRow.Rollout.rollingBack) {
                    store.saveRow(campaignId, row.rollout(CampaignRow.Rollout.rollbackFailed,
                            event.stage() + ": " + event.reason() + ": " + event.message(), now()));
                }
            }
        }
    }

    /**
     * GitOps runs what a rollout asked for: at cutover the rebuilt environment becomes current, at rollback the
     * pre-campaign one again. A record of a direction the row no longer goes (a cutover re-delivered after the
     * rollback) changes nothing.
     */
    public void rolledOut(GitOpsUpdated event) {
        Optional<Located> located = locate(event.release().releaseId());
        if (located.isEmpty()) {
            return;
        }
        CampaignRow row = located.get().row();
        String campaignId = located.get().campaign().campaignId();
        switch (located.get().step()) {
            case cutover -> {
                if (!row.rollout().towardsCampaign()) {
                    LOG.log(System.Logger.Level.INFO, () -> event.release().releaseId() + " arrived after the model was rolled back; ignored");
                    return;
                }
                Cutover.Outcome outcome = cutover.promote(row.eventId(campaignId, Campaign.Step.rebuild));
                store.saveRow(campaignId, row.rollout(CampaignRow.Rollout.cutOver, note(outcome), now()));
            }
            case rollback -> {
                if (!row.rollout().towardsRelease()) {
                    LOG.log(System.Logger.Level.INFO, () -> event.release().releaseId() + " arrived after a new cutover; ignored");
                    return;
                }
                Cutover.Outcome outcome = cutover.promote(row.releaseId());
                store.saveRow(campaignId, row.rollout(CampaignRow.Rollout.rolledBack, note(outcome), now()));
            }
            case rebuild -> LOG.log(System.Logger.Level.WARNING, () -> "gitops.updated of a rebuild id " + event.release().releaseId());
        }
    }

    private static String note(Cutover.Outcome outcome) {
        return switch (outcome) {
            case promoted, alreadyCurrent -> null;
            default -> "GitOps changed, but the environment was not made current: " + outcome;
        };
    }

    private record Located(CampaignRecord campaign, CampaignRow row, Campaign.Step step) {
    }

    private Optional<Located> locate(String releaseId) {
        Optional<Campaign.Id> id = Campaign.parse(releaseId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<CampaignRecord> campaign = store.find(id.get().campaignId());
        String model = releaseId.substring(0, releaseId.indexOf('@'));
        Optional<CampaignRow> row = campaign.flatMap(c -> c.row(model))
                .filter(r -> r.releaseId().equals(id.get().releaseId()));
        if (row.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, () -> releaseId + " names no row of a campaign here; ignored");
            return Optional.empty();
        }
        return Optional.of(new Located(campaign.get(), row.get(), id.get().step()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
