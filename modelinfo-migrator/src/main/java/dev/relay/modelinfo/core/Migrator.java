package dev.relay.modelinfo.core;

import dev.relay.events.Redaction;
import dev.relay.modelinfo.core.ChangelogEntry.State;
import dev.relay.modelinfo.core.MigrationResult.OperationReport;
import dev.relay.modelinfo.core.ModelInfoOperations.OperationResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Applies and reverts one model's migrations under its lock, recording progress in the changelog
 * after every operation. There are no transactions (the embedded server has none), so every
 * operation must be safe to run again and a crashed run resumes after its last recorded operation.
 */
public final class Migrator {

    private final ModelInfoOperations operations;
    private final Changelog changelog;
    private final ModelLock lock;
    private final MigrationParser parser;
    private final Clock clock;

    public Migrator(ModelInfoOperations operations, Changelog changelog, ModelLock lock, MigrationParser parser, Clock clock) {
        this.operations = operations;
        this.changelog = changelog;
        this.lock = lock;
        this.parser = parser;
        this.clock = clock;
    }

    /** Applies the pending migrations among {@code present} in timestamp order. */
    public MigrationResult up(String model, String releaseId, List<Migration> present, boolean dryRun) {
        long started = System.nanoTime();
        if (dryRun) {
            MigrationPlanner.UpPlan plan = MigrationPlanner.planUp(present, changelog.entries(model));
            List<OperationReport> reports = new ArrayList<>();
            for (Migration m : plan.pending()) {
                reports.addAll(count(model, m, Migration.Direction.UP));
            }
            return result(model, "up", true, ids(plan.pending()), plan.alreadyApplied(), List.of(), reports, started);
        }
        try (ModelLock.Lease lease = lock.acquire(model)) {
            // Read the changelog only under the lock: the previous holder may just have applied something.
            MigrationPlanner.UpPlan plan = MigrationPlanner.planUp(present, changelog.entries(model));
            List<OperationReport> reports = new ArrayList<>();
            for (Migration m : plan.pending()) {
                reports.addAll(applyUp(model, releaseId, m, plan.previous().get(m.id()), lease));
            }
            return result(model, "up", false, ids(plan.pending()), plan.alreadyApplied(), List.of(), reports, started);
        }
    }

    /**
     * Reverts applied migrations, newest first, down to (not including) {@code target}, or only the newest.
     * The {@code down} operations come from {@code overrides} (files at a given commit) when present there,
     * otherwise from the source kept in the changelog.
     */
    public MigrationResult down(String model, String releaseId, String target, Map<String, Migration> overrides, boolean dryRun) {
        long started = System.nanoTime();
        if (dryRun) {
            List<OperationReport> reports = new ArrayList<>();
            List<String> reverted = new ArrayList<>();
            for (ChangelogEntry e : MigrationPlanner.planDown(changelog.entries(model), target)) {
                reports.addAll(count(model, downSource(e, overrides), Migration.Direction.DOWN));
                reverted.add(e.migrationId());
            }
            return result(model, "down", true, List.of(), List.of(), reverted, reports, started);
        }
        try (ModelLock.Lease lease = lock.acquire(model)) {
            List<OperationReport> reports = new ArrayList<>();
            List<String> reverted = new ArrayList<>();
            for (ChangelogEntry e : MigrationPlanner.planDown(changelog.entries(model), target)) {
                reports.addAll(applyDown(e, downSource(e, overrides), releaseId, lease));
                reverted.add(e.migrationId());
            }
            return result(model, "down", false, List.of(), List.of(), reverted, reports, started);
        }
    }

    /**
     * A rollback's revert: every applied migration that one of {@code releaseIds} applied, newest first
     * ({@link MigrationPlanner#planRevert}), each with the {@code down} of the source the changelog kept for it,
     * i.e. the file as it was at the commit of the release that applied it. Before anything changes, a
     * migration without {@code down} refuses the whole revert with {@code irreversible-migration} (a dry run
     * too: it shows what the rollback would do). Each reverted entry becomes rolled-back, with
     * {@code rollbackId} as its {@code releaseId}. A dry run changes nothing and counts, per migration, the
     * documents its {@code down} would match now.
     */
    public RevertResult revert(String model, String rollbackId, Collection<String> releaseIds, boolean dryRun) {
        long started = System.nanoTime();
        List<RevertResult.Reverted> reverted = new ArrayList<>();
        if (dryRun) {
            for (PlannedRevert p : planRevert(model, releaseIds)) {
                List<OperationReport> counts = count(model, p.migration(), Migration.Direction.DOWN);
                reverted.add(new RevertResult.Reverted(p.entry(), counts.stream().mapToLong(OperationReport::matched).sum(), 0));
            }
            return new RevertResult(model, true, operations.collectionName(), List.copyOf(reverted), millisSince(started));
        }
        try (ModelLock.Lease lease = lock.acquire(model)) {
            // Planned under the lock, like up: the previous holder may just have applied or reverted something.
            for (PlannedRevert p : planRevert(model, releaseIds)) {
                List<OperationReport> reports = applyDown(p.entry(), p.migration(), rollbackId, lease);
                reverted.add(new RevertResult.Reverted(p.entry(), reports.stream().mapToLong(OperationReport::matched).sum(),
                        reports.stream().mapToLong(OperationReport::modified).sum()));
            }
            return new RevertResult(model, false, operations.collectionName(), List.copyOf(reverted), millisSince(started));
        }
    }

    /** The entries to revert with their parsed sources; every source is read and checked before anything runs. */
    private List<PlannedRevert> planRevert(String model, Collection<String> releaseIds) {
        List<PlannedRevert> plan = new ArrayList<>();
        for (ChangelogEntry e : MigrationPlanner.planRevert(changelog.entries(model), releaseIds)) {
            plan.add(new PlannedRevert(e, downSource(e, null)));
        }
        List<String> irreversible = plan.stream().filter(p -> p.migration().down().isEmpty())
                .map(p -> p.entry().migrationId()).toList();
        if (!irreversible.isEmpty()) {
            throw MigrationException.irreversible(model, irreversible);
        }
        return plan;
    }

    private record PlannedRevert(ChangelogEntry entry, Migration migration) {
    }

    public List<ChangelogEntry> changelog(String model) {
        return changelog.entries(model);
    }

    private List<OperationReport> applyUp(String model, String releaseId, Migration m, ChangelogEntry previous, ModelLock.Lease lease) {
        long started = System.nanoTime();
        boolean resume = previous != null && previous.checksum().equals(m.checksum())
                && (previous.state() == State.RUNNING || previous.state() == State.FAILED);
        int from = resume ? previous.operationsDone() : 0;
        long matched = resume ? previous.matched() : 0;
        long modified = resume ? previous.modified() : 0;
        Instant appliedAt = clock.instant();
        ChangelogEntry entry = new ChangelogEntry(model, m.id(), m.fileName(), m.checksum(), State.RUNNING, releaseId,
                appliedAt, 0, matched, modified, from, null, m.source());
        changelog.save(entry);
        List<OperationReport> reports = new ArrayList<>();
        for (int i = from; i < m.up().size(); i++) {
            Operation op = m.up().get(i);
            String where = "up[" + i + "] " + op.kind();
            checkLease(lease, model);
            OperationResult r;
            try {
                r = operations.execute(model, op);
            } catch (RuntimeException e) {
                String error = where + ": " + describe(e);
                changelog.save(entry.with(State.FAILED, millisSince(started), matched, modified, i, error));
                throw new MigrationException(MigrationException.FAILED, m.id(), where,
                        "migration " + m.id() + " failed at " + where + ": " + describe(e), e);
            }
            matched += r.matched();
            modified += r.modified();
            reports.add(new OperationReport(m.id(), where, r.matched(), r.modified()));
            entry = entry.with(State.RUNNING, millisSince(started), matched, modified, i + 1, null);
            changelog.save(entry);
        }
        changelog.save(entry.with(State.APPLIED, millisSince(started), matched, modified, m.up().size(), null));
        return reports;
    }

    private List<OperationReport> applyDown(ChangelogEntry applied, Migration m, String releaseId, ModelLock.Lease lease) {
        long started = System.nanoTime();
        long matched = 0;
        long modified = 0;
        List<OperationReport> reports = new ArrayList<>();
        for (int i = 0; i < m.down().size(); i++) {
            Operation op = m.down().get(i);
            String where = "down[" + i + "] " + op.kind();
            checkLease(lease, applied.model());
            try {
                OperationResult r = operations.execute(applied.model(), op);
                matched += r.matched();
                modified += r.modified();
                reports.add(new OperationReport(m.id(), where, r.matched(), r.modified()));
            } catch (RuntimeException e) {
                // Still applied: its down operations are idempotent, so reverting again is the way out.
                changelog.save(applied.with(State.APPLIED, applied.durationMillis(), applied.matched(), applied.modified(),
                        applied.operationsDone(), where + ": " + describe(e)));
                throw new MigrationException(MigrationException.FAILED, m.id(), where,
                        "reverting " + m.id() + " failed at " + where + ": " + describe(e), e);
            }
        }
        changelog.save(new ChangelogEntry(applied.model(), applied.migrationId(), applied.fileName(), applied.checksum(),
                State.ROLLED_BACK, releaseId, clock.instant(), millisSince(started), matched, modified, 0, null,
                applied.source()));
        return reports;
    }

    private Migration downSource(ChangelogEntry e, Map<String, Migration> overrides) {
        Migration override = overrides == null ? null : overrides.get(e.migrationId());
        if (override != null) {
            return override;
        }
        if (e.source() == null) {
            throw new MigrationException(MigrationException.INVALID, e.migrationId(), null,
                    "the changelog keeps no source for " + e.migrationId() + "; give repoUrl and commit", null);
        }
        return parser.parse(e.fileName(), e.source().getBytes(StandardCharsets.UTF_8));
    }

    private List<OperationReport> count(String model, Migration m, Migration.Direction direction) {
        List<OperationReport> reports = new ArrayList<>();
        List<Operation> ops = m.operations(direction);
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            reports.add(new OperationReport(m.id(), direction.key() + "[" + i + "] " + op.kind(), operations.count(model, op), 0));
        }
        return reports;
    }

    private static void checkLease(ModelLock.Lease lease, String model) {
        if (lease.lost()) {
            throw new MigrationException(MigrationException.LOCKED, "the lock of '" + model
                    + "' expired while migrating and may be held by another instance; stopped");
        }
    }

    private MigrationResult result(String model, String action, boolean dryRun, List<String> applied, List<String> alreadyApplied,
                                   List<String> reverted, List<OperationReport> reports, long startedNanos) {
        return new MigrationResult(model, action, dryRun, operations.collectionName(), applied, alreadyApplied, reverted,
                List.copyOf(reports), millisSince(startedNanos));
    }

    private static List<String> ids(List<Migration> migrations) {
        return migrations.stream().map(Migration::id).toList();
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** The database's own words are what a migration author needs; URLs in them lose their credentials. */
    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : Redaction.redact(message);
    }
}
