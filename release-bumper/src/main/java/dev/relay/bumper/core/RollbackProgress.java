package dev.relay.bumper.core;

import dev.relay.events.Campaign;
import dev.relay.events.GitOpsReverted;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.ModelInfoReverted;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseRolledBack;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.Rollback;
import dev.relay.events.RollbackRequested;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code GET /rollbacks/{id}} answers, and what makes {@code POST /rollbacks} answer 409: a read model
 * of the rollback and release events, fed by the progress consumer, which reads the topics from their
 * beginning at every start (so a restart rebuilds it and every replica has the same one).
 *
 * <p>A rollback (other than a dry run) is {@code requested} until a stage starts it, {@code running} until {@code release.rolledback}
 * (succeeded) or a failed status (failed). A release is in flight from its first {@code started} until a failed
 * status, or release-bumper's {@code succeeded}; one not heard of for {@link #STALE} no longer counts. A campaign's
 * rollout (its own id, {@code ~campaign-<id>.cutover|.rollback}, no rollback id) is in flight while release-bumper
 * works on it; a campaign's rebuild never is.
 */
public final class RollbackProgress {

    public static final Duration STALE = Duration.ofMinutes(30);

    public enum State { requested, running, succeeded, failed }

    /** One stage's part: its last status and, for a failure, why. */
    public record Step(String stage, ReleaseStatus.State state, long millis, String reason, String message) {
    }

    /**
     * @param plan the rollback as planned by release-bumper (from, the releases undone); the request until then
     */
    public record View(String rollbackId, String model, String to, boolean dryRun, String reason, State state,
                       Rollback plan, List<Step> steps, GitOpsReverted gitops, ModelInfoReverted modelinfo,
                       ReleaseRolledBack environment) {
    }

    private static final class Tracked {
        String model;
        String to;
        boolean dryRun;
        String reason;
        State state = State.requested;
        Rollback plan;
        final Map<String, Step> steps = new LinkedHashMap<>();
        GitOpsReverted gitops;
        ModelInfoReverted modelinfo;
        ReleaseRolledBack environment;
        Instant seen;
    }

    private final Clock clock;
    private final Map<String, Tracked> rollbacks = new LinkedHashMap<>();
    private final Map<String, Instant> releasesInFlight = new HashMap<>();

    public RollbackProgress(Clock clock) {
        this.clock = clock;
    }

    public synchronized void apply(RelayEvent event) {
        String id = event.release().releaseId();
        if (!Rollback.isRollbackId(id)) {
            release(event);
            return;
        }
        Tracked t = rollbacks.computeIfAbsent(id, k -> new Tracked());
        t.seen = clock.instant();
        t.model = event.release().model();
        t.to = event.release().version();
        if (event instanceof RollbackRequested r) {
            t.dryRun = r.rollback().dryRun();
            t.reason = r.rollback().reason();
            if (t.plan == null) {
                t.plan = r.rollback();
            }
        } else if (event instanceof GitOpsReverted g) {
            t.gitops = g;
            t.plan = g.rollback();
            t.dryRun = g.rollback().dryRun();
        } else if (event instanceof ModelInfoReverted m) {
            t.modelinfo = m;
        } else if (event instanceof ReleaseRolledBack r) {
            t.environment = r;
            t.state = State.succeeded;
        } else if (event instanceof ReleaseFailed f) {
            Step s = t.steps.get(f.stage());
            t.steps.put(f.stage(), new Step(f.stage(), ReleaseStatus.State.failed, s == null ? 0 : s.millis(), f.reason(), f.message()));
            t.state = State.failed;
        } else if (event instanceof ReleaseStatus s) {
            Step before = t.steps.get(s.stage());
            boolean keepFailure = before != null && before.reason() != null;
            t.steps.put(s.stage(), new Step(s.stage(), s.state(), s.millis(),
                    keepFailure ? before.reason() : null, keepFailure ? before.message() : null));
            if (s.state() == ReleaseStatus.State.failed) {
                t.state = State.failed;
            } else if (t.state == State.requested) {
                t.state = State.running;
            }
        }
    }

    private void release(RelayEvent event) {
        String id = event.release().releaseId();
        if (Campaign.isCampaignId(id) && !ownPart(event)) {
            // A campaign's records count only where they are this service's: a rebuild never comes here (it deploys
            // nothing, so no succeeded of this stage would ever end it) and env-migrator's part of a rollout comes
            // after the GitOps change. Otherwise every rebuild would hold the model's rollbacks up for STALE.
            return;
        }
        if (event instanceof ReleaseStatus s) {
            boolean ended = s.state() == ReleaseStatus.State.failed
                    || s.state() == ReleaseStatus.State.succeeded && BumpStage.STAGE.equals(s.stage());
            if (ended) {
                releasesInFlight.remove(id);
            } else if (s.state() == ReleaseStatus.State.started) {
                releasesInFlight.put(id, clock.instant());
            }
        } else if (event instanceof ReleaseFailed || event instanceof GitOpsUpdated) {
            releasesInFlight.remove(id);
        }
    }

    /** A campaign rollout's part in this service: its statuses, its failure and its gitops.updated. */
    private static boolean ownPart(RelayEvent event) {
        if (event instanceof ReleaseStatus s) {
            return BumpStage.STAGE.equals(s.stage());
        }
        if (event instanceof ReleaseFailed f) {
            return BumpStage.STAGE.equals(f.stage());
        }
        return event instanceof GitOpsUpdated;
    }

    /** The rollback or release of the model that is under way, if one is: a new rollback waits for it. */
    public synchronized Optional<String> inFlight(String model) {
        Instant fresh = clock.instant().minus(STALE);
        for (Map.Entry<String, Tracked> e : rollbacks.entrySet()) {
            Tracked t = e.getValue();
            // A dry run changes nothing, so it holds up nothing.
            if (model.equals(t.model) && !t.dryRun && (t.state == State.requested || t.state == State.running) && t.seen.isAfter(fresh)) {
                return Optional.of(e.getKey());
            }
        }
        return releasesInFlight.entrySet().stream()
                .filter(e -> e.getKey().startsWith(model + "@") && e.getValue().isAfter(fresh))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The id of the model's rollback with this suffix, if one is known. */
    public synchronized Optional<String> idWithSuffix(String model, String suffix) {
        return rollbacks.entrySet().stream().filter(e -> model.equals(e.getValue().model)
                && e.getKey().endsWith(Rollback.MARKER + suffix)).map(Map.Entry::getKey).findFirst();
    }

    public synchronized Optional<View> find(String rollbackId) {
        Tracked t = rollbacks.get(rollbackId);
        if (t == null) {
            return Optional.empty();
        }
        return Optional.of(new View(rollbackId, t.model, t.to, t.dryRun, t.reason, t.state, t.plan,
                new ArrayList<>(t.steps.values()), t.gitops, t.modelinfo, t.environment));
    }
}
