package dev.relay.modelinfo.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Decides what a run does from the files at a commit and the changelog; touches nothing. */
public final class MigrationPlanner {

    /** Timestamp first, then the whole id: the order migrations run in. */
    public static final Comparator<Migration> ORDER = Comparator.comparingLong(Migration::timestamp).thenComparing(Migration::id);

    /** Newest first: latest {@code appliedAt}, then the larger migration id (entries without a date last). */
    public static final Comparator<ChangelogEntry> NEWEST_FIRST = Comparator
            .comparing(ChangelogEntry::appliedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ChangelogEntry::migrationId)
            .reversed();

    private MigrationPlanner() {
    }

    public record UpPlan(List<Migration> pending, List<String> alreadyApplied, Map<String, ChangelogEntry> previous) {
    }

    /**
     * Pending = present at the commit and not applied (never run, failed, crashed or rolled back).
     * An applied migration whose file changed stops everything: its effect no longer matches its source.
     */
    public static UpPlan planUp(List<Migration> present, List<ChangelogEntry> entries) {
        Map<String, ChangelogEntry> byId = new HashMap<>();
        entries.forEach(e -> byId.put(e.migrationId(), e));
        List<Migration> pending = new ArrayList<>();
        List<String> alreadyApplied = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        for (Migration m : present.stream().sorted(ORDER).toList()) {
            ChangelogEntry entry = byId.get(m.id());
            if (entry != null && entry.applied()) {
                if (!entry.checksum().equals(m.checksum())) {
                    modified.add(m.fileName());
                } else {
                    alreadyApplied.add(m.id());
                }
            } else {
                pending.add(m);
            }
        }
        if (!modified.isEmpty()) {
            throw new MigrationException(MigrationException.MODIFIED, modified.get(0).replaceFirst("\\.[a-z]+$", ""), null,
                    "applied migration(s) changed since they were applied: " + String.join(", ", modified)
                            + "; add a new migration instead of editing an applied one", null);
        }
        return new UpPlan(List.copyOf(pending), List.copyOf(alreadyApplied), byId);
    }

    /**
     * Applied migrations to revert, newest first: down to (not including) {@code target}, or only the
     * newest when there is no target. {@code target} is a migration id or its epoch-millis prefix.
     */
    public static List<ChangelogEntry> planDown(List<ChangelogEntry> entries, String target) {
        List<ChangelogEntry> applied = entries.stream().filter(ChangelogEntry::applied)
                .sorted(Comparator.comparing(ChangelogEntry::migrationId).reversed()).toList();
        if (target == null || target.isBlank()) {
            return applied.isEmpty() ? List.of() : List.of(applied.get(0));
        }
        List<String> matches = entries.stream().map(ChangelogEntry::migrationId)
                .filter(id -> id.equals(target) || id.startsWith(target + "_")).distinct().collect(Collectors.toList());
        if (matches.size() != 1) {
            throw new MigrationException(MigrationException.UNKNOWN_TARGET, matches.isEmpty()
                    ? "target '" + target + "' is not a migration of this model's changelog"
                    : "target '" + target + "' is ambiguous: " + matches);
        }
        String targetId = matches.get(0);
        return applied.stream().filter(e -> e.migrationId().compareTo(targetId) > 0).toList();
    }

    /**
     * What a rollback reverts: the applied migrations that one of {@code releaseIds} applied, newest first.
     * Entries already rolled back, failed or running, and those of other releases (or applied by hand), stay.
     */
    public static List<ChangelogEntry> planRevert(List<ChangelogEntry> entries, Collection<String> releaseIds) {
        return entries.stream().filter(ChangelogEntry::applied).filter(e -> releaseIds.contains(e.releaseId()))
                .sorted(NEWEST_FIRST).toList();
    }
}
