package dev.relay.modelinfo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.modelinfo.core.ChangelogEntry.State;
import dev.relay.modelinfo.support.Runbook;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationPlannerTest {

    private static final String EMPTY = "{\"up\": [], \"down\": []}";
    private final Migration a = Runbook.parse("1700000000000_a.json", EMPTY);
    private final Migration b = Runbook.parse("1700000000001_b.json", EMPTY);
    private final Migration c = Runbook.parse("1700000000002_c.yaml", "up: []\ndown: []\n");

    @Test
    void pendingAreTheUnappliedInTimestampOrder() {
        var plan = MigrationPlanner.planUp(List.of(c, a, b), List.of(entry(a, State.APPLIED), entry(b, State.FAILED)));

        assertThat(plan.pending()).extracting(Migration::id).containsExactly(b.id(), c.id());
        assertThat(plan.alreadyApplied()).containsExactly(a.id());
    }

    @Test
    void rolledBackMigrationsArePendingAgain() {
        var plan = MigrationPlanner.planUp(List.of(a), List.of(entry(a, State.ROLLED_BACK)));
        assertThat(plan.pending()).containsExactly(a);
    }

    @Test
    void aChangedAppliedMigrationStopsEverything() {
        Migration changedA = Runbook.parse("1700000000000_a.json", EMPTY + "\n");

        assertThatThrownBy(() -> MigrationPlanner.planUp(List.of(changedA, b), List.of(entry(a, State.APPLIED))))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("migration-modified"))
                .hasMessageContaining("1700000000000_a.json");
    }

    @Test
    void downRevertsTheNewestOrDownToTheTarget() {
        var entries = List.of(entry(a, State.APPLIED), entry(b, State.APPLIED), entry(c, State.APPLIED));

        assertThat(MigrationPlanner.planDown(entries, null)).extracting(ChangelogEntry::migrationId).containsExactly(c.id());
        assertThat(MigrationPlanner.planDown(entries, a.id())).extracting(ChangelogEntry::migrationId)
                .containsExactly(c.id(), b.id());
        assertThat(MigrationPlanner.planDown(entries, "1700000000001")).extracting(ChangelogEntry::migrationId)
                .containsExactly(c.id());
        assertThat(MigrationPlanner.planDown(List.of(), null)).isEmpty();
        assertThatThrownBy(() -> MigrationPlanner.planDown(entries, "nope"))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("unknown-target"));
    }

    @Test
    void aRollbackRevertsTheAppliedMigrationsOfItsReleasesNewestAppliedFirst() {
        Migration d = Runbook.parse("1700000000003_d.json", EMPTY);
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        var entries = List.of(
                entry(a, State.APPLIED, "m@v1", t),                    // the target's: stays
                entry(c, State.APPLIED, "m@v2", t.plusSeconds(1)),     // newer id, older release
                entry(b, State.APPLIED, "m@v3", t.plusSeconds(2)),     // older id merged late, newest release
                entry(d, State.APPLIED, "m@v3", t.plusSeconds(2)),     // same moment: the larger id first
                entry(Runbook.parse("1700000000004_e.json", EMPTY), State.ROLLED_BACK, "m@v3", t.plusSeconds(3)),
                entry(Runbook.parse("1700000000005_f.json", EMPTY), State.FAILED, "m@v3", t.plusSeconds(3)),
                entry(Runbook.parse("1700000000006_g.json", EMPTY), State.APPLIED, "manual", t.plusSeconds(4)));

        assertThat(MigrationPlanner.planRevert(entries, List.of("m@v3", "m@v2"))).extracting(ChangelogEntry::migrationId)
                .containsExactly(d.id(), b.id(), c.id());
        assertThat(MigrationPlanner.planRevert(entries, List.of())).isEmpty();
    }

    private static ChangelogEntry entry(Migration m, State state, String releaseId, Instant appliedAt) {
        return new ChangelogEntry("m", m.id(), m.fileName(), m.checksum(), state, releaseId, appliedAt, 1, 0, 0,
                m.up().size(), null, m.source());
    }

    private static ChangelogEntry entry(Migration m, State state) {
        return new ChangelogEntry("m", m.id(), m.fileName(), m.checksum(), state, "m@v1", Instant.EPOCH, 1, 0, 0,
                m.up().size(), null, m.source());
    }
}
