package dev.relay.env.core.campaign;

import dev.relay.env.core.EnvironmentHistory;
import dev.relay.env.core.EnvironmentRecord;
import dev.relay.events.Campaign;
import dev.relay.events.Image;
import dev.relay.events.RebuildRequested;
import dev.relay.events.RolloutRequested;
import dev.relay.events.stage.EventSink;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What an operator does with campaigns: start one (a {@code rebuild.requested} per selected model), cut the passed
 * models over and roll them back ({@code rollout.requested} per model). Nothing that runs changes until cutover;
 * the events' outcomes come back through {@link CampaignOutcomes}.
 */
public final class Campaigns {

    private static final System.Logger LOG = System.getLogger(Campaigns.class.getName());

    /** What {@code POST /campaigns} asks; fields already checked for form, {@code models} null for every replicated model. */
    public record Request(String name, String baseImage, String platformPackage, List<String> models) {
    }

    private final CampaignStore store;
    private final EnvironmentHistory history;
    private final ModelMarks marks;
    private final EventSink sink;
    private final Clock clock;
    private final Supplier<String> suffixes;

    /** @param suffixes the random part of new campaign ids */
    public Campaigns(CampaignStore store, EnvironmentHistory history, ModelMarks marks, EventSink sink, Clock clock,
                     Supplier<String> suffixes) {
        this.store = store;
        this.history = history;
        this.marks = marks;
        this.sink = sink;
        this.clock = clock;
        this.suffixes = suffixes;
    }

    public CampaignRecord start(Request request) {
        List<String> models = request.models() == null ? everyReplicated() : selected(request.models());
        if (models.isEmpty()) {
            throw new CampaignRefused(CampaignRefused.Kind.invalid, "models", request.models() == null
                    ? "no model to rebuild: no model has a current environment marked 'replicate'"
                    : "no model selected");
        }
        for (CampaignRecord other : store.list()) {
            for (String model : models) {
                if (other.running(model)) {
                    throw new CampaignRefused(CampaignRefused.Kind.conflict, "models", "model " + model
                            + " is already in running campaign " + other.campaignId() + "; wait until it has finished");
                }
            }
        }
        Instant now = now();
        String id = newId(request.name());
        List<CampaignRow> rows = new ArrayList<>();
        for (String model : models) {
            EnvironmentRecord current = history.current(model).orElseThrow();
            String python = current.environment() == null ? null : current.environment().python();
            rows.add(CampaignRow.pending(current.imageBuilt().release(), current.imageBuilt().image(), python, now));
        }
        CampaignRecord campaign = new CampaignRecord(id, request.name(), request.baseImage(), request.platformPackage(), now,
                null, List.copyOf(rows));
        store.insert(campaign);
        Campaign block = campaign.block(Campaign.Step.rebuild);
        for (CampaignRow row : rows) {
            try {
                sink.publish(new RebuildRequested(row.eventRelease(id, Campaign.Step.rebuild), block));
            } catch (EventSink.PublishFailedException e) {
                // A row that never reaches image-builder must not keep the campaign running for ever.
                LOG.log(System.Logger.Level.WARNING, "rebuild.requested of " + row.model() + " not published", e);
                store.saveRow(id, row.failed(new CampaignRow.Failure(Campaigns.class.getSimpleName(), null, "not-requested",
                        "the broker did not take rebuild.requested; start a new campaign for this model", null), null, null,
                        DiffSummary.NONE, now()));
            }
        }
        return store.find(id).orElse(campaign);
    }

    /** Moves every passed model (or the listed ones) to its campaign image; failed models stay as they are. */
    public List<ModelOutcome> cutover(String campaignId, List<String> models) {
        CampaignRecord campaign = find(campaignId);
        List<ModelOutcome> outcomes = new ArrayList<>();
        for (CampaignRow row : rows(campaign, models)) {
            outcomes.add(cutover(campaign, row));
        }
        if (outcomes.stream().anyMatch(o -> !o.outcome().equals("skipped"))) {
            store.setPhase(campaignId, CampaignState.cutOver, now());
        }
        return outcomes;
    }

    /** Moves every model the campaign cut over back to its pre-campaign image and environment. */
    public List<ModelOutcome> rollback(String campaignId) {
        CampaignRecord campaign = find(campaignId);
        List<ModelOutcome> outcomes = new ArrayList<>();
        for (CampaignRow row : campaign.rows()) {
            outcomes.add(rollback(campaign, row));
        }
        if (outcomes.stream().anyMatch(o -> !o.outcome().equals("skipped"))) {
            store.setPhase(campaignId, CampaignState.rolledBack, now());
        }
        return outcomes;
    }

    public CampaignRecord find(String campaignId) {
        return store.find(campaignId).orElseThrow(() -> new CampaignRefused(CampaignRefused.Kind.notFound, null,
                "no campaign " + campaignId));
    }

    public List<CampaignRecord> list() {
        return store.list();
    }

    private ModelOutcome cutover(CampaignRecord campaign, CampaignRow row) {
        String model = row.model();
        if (row.result() != CampaignRow.Result.passed) {
            return ModelOutcome.skipped(model, row.result() == CampaignRow.Result.pending ? "its rebuild has not been verified yet"
                    : "it failed (" + row.cause() + "); it stays on " + row.fromImage().ref());
        }
        if (row.rollout() == CampaignRow.Rollout.cutOver) {
            return ModelOutcome.unchanged(model, "already cut over to " + row.campaignImage().ref());
        }
        Optional<String> current = history.current(model).map(EnvironmentRecord::releaseId);
        String rebuilt = row.eventId(campaign.campaignId(), Campaign.Step.rebuild);
        if (current.isEmpty() || !(current.get().equals(row.releaseId()) || current.get().equals(rebuilt))) {
            // The model moved on since the campaign rebuilt it: its rebuild is of an older release.
            return ModelOutcome.skipped(model, "stale: the model's current release is " + current.orElse("none")
                    + ", not " + row.releaseId() + " which this campaign rebuilt; start a new campaign for it");
        }
        return publish(campaign, row, Campaign.Step.cutover, row.campaignImage(), CampaignRow.Rollout.cuttingOver);
    }

    private ModelOutcome rollback(CampaignRecord campaign, CampaignRow row) {
        if (row.rollout() == CampaignRow.Rollout.rolledBack) {
            return ModelOutcome.unchanged(row.model(), "already back on " + row.fromImage().ref());
        }
        if (!row.rollout().towardsCampaign() && row.rollout() != CampaignRow.Rollout.rollingBack
                && row.rollout() != CampaignRow.Rollout.rollbackFailed) {
            return ModelOutcome.skipped(row.model(), "not cut over; it runs " + row.fromImage().ref());
        }
        return publish(campaign, row, Campaign.Step.rollback, row.fromImage(), CampaignRow.Rollout.rollingBack);
    }

    private ModelOutcome publish(CampaignRecord campaign, CampaignRow row, Campaign.Step step, Image image,
                                 CampaignRow.Rollout next) {
        // Recorded first: the gitops.updated that answers may arrive before publish returns.
        store.saveRow(campaign.campaignId(), row.rollout(next, null, now()));
        try {
            sink.publish(new RolloutRequested(row.eventRelease(campaign.campaignId(), step), image, campaign.block(step)));
        } catch (EventSink.PublishFailedException e) {
            String note = "the broker did not take rollout.requested; ask again";
            store.saveRow(campaign.campaignId(), row.rollout(step == Campaign.Step.cutover ? CampaignRow.Rollout.cutoverFailed
                    : CampaignRow.Rollout.rollbackFailed, note, now()));
            return ModelOutcome.skipped(row.model(), note);
        }
        return ModelOutcome.requested(row.model(), (step == Campaign.Step.cutover ? "to " : "back to ") + image.ref());
    }

    /** The listed rows (each must be in the campaign), or all of them. */
    private static List<CampaignRow> rows(CampaignRecord campaign, List<String> models) {
        if (models == null) {
            return campaign.rows();
        }
        List<CampaignRow> rows = new ArrayList<>();
        for (String model : new LinkedHashSet<>(models)) {
            rows.add(campaign.row(model).orElseThrow(() -> new CampaignRefused(CampaignRefused.Kind.invalid, "models",
                    "model " + model + " is not in campaign " + campaign.campaignId())));
        }
        return rows;
    }

    private List<String> everyReplicated() {
        return history.models().stream()
                .filter(m -> marks.get(m) == ModelMark.replicate)
                .filter(m -> history.current(m).filter(r -> r.imageBuilt() != null).isPresent())
                .sorted().toList();
    }

    private List<String> selected(List<String> models) {
        Set<String> unique = new LinkedHashSet<>(models);
        for (String model : unique) {
            Optional<EnvironmentRecord> current = history.current(model);
            if (current.isEmpty()) {
                throw new CampaignRefused(CampaignRefused.Kind.invalid, "models", history.history(model).isEmpty()
                        ? "model " + model + " does not exist here: no environment of it was ever verified"
                        : "model " + model + " has no current environment to rebuild");
            }
            if (current.get().imageBuilt() == null) {
                throw new CampaignRefused(CampaignRefused.Kind.invalid, "models", "model " + model
                        + "'s current environment was recorded without its release event; release it again first");
            }
            if (marks.get(model) == ModelMark.retire) {
                throw new CampaignRefused(CampaignRefused.Kind.invalid, "models", "model " + model
                        + " is marked 'retire'; mark it 'replicate' to rebuild it");
            }
        }
        return List.copyOf(unique);
    }

    /** {@code <name as a slug>-<random>}, within {@link Campaign#ID}. */
    private String newId(String name) {
        String slug = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 24) {
            slug = slug.substring(0, 24).replaceAll("-+$", "");
        }
        String suffix = suffixes.get();
        return slug.isEmpty() ? "campaign-" + suffix : slug + "-" + suffix;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
