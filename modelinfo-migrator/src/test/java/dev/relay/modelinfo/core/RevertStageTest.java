package dev.relay.modelinfo.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.relay.events.EventCodec;
import dev.relay.events.GitOpsReverted;
import dev.relay.events.ModelInfoReverted;
import dev.relay.events.ModelInfoReverted.RevertedMigration;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.Rollback;
import dev.relay.events.StageEvents;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.events.stage.StageRunner;
import dev.relay.modelinfo.core.ChangelogEntry.State;
import dev.relay.modelinfo.store.MongoChangelog;
import dev.relay.modelinfo.store.MongoReleaseResults;
import dev.relay.modelinfo.support.MongoFixture;
import dev.relay.modelinfo.support.Runbook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollback's stage on the contract's StageRunner, in plain JUnit, against the MongoDB wire-protocol server:
 * the changelog is seeded by the migrator's own {@code up}, as releases left it; outcomes go to the service's
 * Mongo store, so the replay goes through what the service keeps.
 */
class RevertStageTest {

    private static final String MODEL = "revert-model";
    private static final String OTHER = "revert-other";
    private static final String REPO = "https://git.example/ml/revert-model.git";
    private static final String TARGET_COMMIT = "00112233445566778899aabbccddeeff00112233";
    private static final Instant TAGGED = Instant.parse("2026-11-21T10:15:30Z");

    /** Adds {@code field} = 1 where it is missing; down removes it. */
    private static String adds(String field) {
        return """
                {"up":   [{"updateMany": {"filter": {"%1$s": {"$exists": false}}, "update": {"$set": {"%1$s": 1}}}}],
                 "down": [{"updateMany": {"filter": {"%1$s": {"$exists": true}}, "update": {"$unset": {"%1$s": ""}}}}]}
                """.formatted(field);
    }

    /** Adds {@code field} with no way back. */
    private static String addsForGood(String field) {
        return """
                {"up":   [{"updateMany": {"filter": {"%1$s": {"$exists": false}}, "update": {"$set": {"%1$s": 1}}}}],
                 "down": []}
                """.formatted(field);
    }

    private final MongoFixture mongo = new MongoFixture();
    private final EventCodec codec = new EventCodec();
    private final MovingClock clock = new MovingClock();
    private final Migrator migrator = mongo.migrator(Duration.ofSeconds(1), clock);
    private final MongoReleaseResults results = new MongoReleaseResults(mongo.db().getCollection("modelinfo_releases"), codec);
    private final List<RelayEvent> published = new ArrayList<>();
    private final StageRunner<GitOpsReverted> runner = new StageRunner<>(new StageEvents(MigrateStage.STAGE),
            new RevertStage(migrator), results, published::add);

    @BeforeEach
    void seed() {
        mongo.modelinfo().insertMany(Runbook.documents(MODEL, 0, 20));
        mongo.modelinfo().insertMany(Runbook.documents(OTHER, 0, 5));
    }

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void revertsWhatTheUndoneReleasesAppliedNewestFirstAndLeavesTheTargetsMigrations() {
        apply("v1", Runbook.parse("1700000000000_a.json", adds("a")));
        // v2 applied c (newer file) and then, in v3, a file with an older timestamp merged late: b.
        apply("v2", Runbook.parse("1700000000300_c.json", adds("c")));
        apply("v3", Runbook.parse("1700000000200_b.json", adds("b")), Runbook.parse("1700000000400_d.json", adds("d")));
        mongo.modelinfo().updateMany(Filters.eq("model", OTHER), new Document("$set", new Document("b", 1).append("c", 1)));

        List<RelayEvent> events = run(rollback("two", false, "v3", "v2"));

        ModelInfoReverted out = (ModelInfoReverted) events.get(1);
        // Newest first by appliedAt (v3's two, in id order descending, then v2's), not by id alone.
        assertThat(out.reverted()).containsExactly(
                new RevertedMigration("1700000000400_d", "revert-model@v3", 20, 20),
                new RevertedMigration("1700000000200_b", "revert-model@v3", 20, 20),
                new RevertedMigration("1700000000300_c", "revert-model@v2", 20, 20));
        assertThat(out.collection()).isEqualTo("modelinfo");
        assertThat(out.release().releaseId()).isEqualTo(Rollback.idOf(MODEL, "v1", "two"));
        assertThat(states(events)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(events).allSatisfy(e -> assertThat(e.release().releaseId()).isEqualTo(Rollback.idOf(MODEL, "v1", "two")));
        // The target's own migration stays, and so do another model's documents.
        assertThat(count(MODEL, "a")).isEqualTo(20);
        assertThat(count(MODEL, "b") + count(MODEL, "c") + count(MODEL, "d")).isZero();
        assertThat(count(OTHER, "b") + count(OTHER, "c")).isEqualTo(10);
        Map<String, ChangelogEntry> log = changelog();
        assertThat(log.get("1700000000000_a").state()).isEqualTo(State.APPLIED);
        for (String id : List.of("1700000000200_b", "1700000000300_c", "1700000000400_d")) {
            assertThat(log.get(id).state()).as(id).isEqualTo(State.ROLLED_BACK);
            assertThat(log.get(id).releaseId()).as(id).isEqualTo(Rollback.idOf(MODEL, "v1", "two"));
        }
        assertThat(mongo.db().getCollection("modelinfo_locks").countDocuments()).isZero();
    }

    @Test
    void aDryRunChangesNothingAndReportsWhatEachDownWouldMatch() {
        apply("v2", Runbook.parse("1700000000100_b.json", adds("b")));
        apply("v3", Runbook.parse("1700000000200_c.json", adds("c")));
        mongo.modelinfo().updateMany(Filters.and(Filters.eq("model", MODEL), Filters.lt("bar", 5)),
                new Document("$unset", new Document("c", "")));
        List<Document> before = snapshot();
        Map<String, ChangelogEntry> logBefore = changelog();

        ModelInfoReverted out = (ModelInfoReverted) run(rollback("dry", true, "v3", "v2")).get(1);

        assertThat(out.rollback().dryRun()).isTrue();
        assertThat(out.reverted()).containsExactly(
                new RevertedMigration("1700000000200_c", "revert-model@v3", 15, 0),
                new RevertedMigration("1700000000100_b", "revert-model@v2", 20, 0));
        assertThat(snapshot()).isEqualTo(before);
        assertThat(changelog()).isEqualTo(logBefore);
    }

    @Test
    void anIrreversibleMigrationRefusesTheRollbackBeforeAnythingChanges() {
        apply("v2", Runbook.parse("1700000000100_b.json", addsForGood("b")), Runbook.parse("1700000000150_e.json", addsForGood("e")));
        // The newest is reversible: a revert that went one by one would already have undone it.
        apply("v3", Runbook.parse("1700000000200_c.json", adds("c")));
        List<Document> before = snapshot();
        Map<String, ChangelogEntry> logBefore = changelog();

        for (boolean dryRun : List.of(false, true)) {
            List<RelayEvent> events = run(rollback(dryRun ? "dry" : "real", dryRun, "v3", "v2"));

            assertThat(states(events)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
            ReleaseFailed failed = (ReleaseFailed) events.get(1);
            assertThat(failed.stage()).isEqualTo("modelinfo-migrator");
            assertThat(failed.reason()).isEqualTo("irreversible-migration");
            assertThat(failed.message()).contains("1700000000150_e", "1700000000100_b", "nothing was reverted")
                    .doesNotContain("1700000000200_c");
            assertThat(failed.detail()).isEqualTo("migrations: 1700000000150_e\n1700000000100_b");
            assertThat(snapshot()).isEqualTo(before);
            assertThat(changelog()).isEqualTo(logBefore);
        }
        assertThat(mongo.db().getCollection("modelinfo_locks").countDocuments()).isZero();
        // Not retried by itself: a re-delivery replays the refusal.
        assertThat(results.find(Rollback.idOf(MODEL, "v1", "real"))).get().isInstanceOf(ReleaseFailed.class);
    }

    @Test
    void entriesNotAppliedAreSkippedAndNothingToRevertIsASuccessWithAnEmptyList() {
        apply("v2", Runbook.parse("1700000000100_b.json", adds("b")), Runbook.parse("1700000000200_c.json", adds("c")));
        // c was rolled back earlier (by an interrupted rollback, say) and the field set again since by someone else:
        // its down must not run again.
        MongoChangelog log = new MongoChangelog(mongo.db().getCollection("modelinfo_changelog"));
        ChangelogEntry c = changelog().get("1700000000200_c");
        log.save(c.with(State.ROLLED_BACK, c.durationMillis(), c.matched(), c.modified(), 0, null));
        // A migration of v2 that failed midway is not applied either.
        ChangelogEntry b = changelog().get("1700000000100_b");
        log.save(new ChangelogEntry(MODEL, "1700000000150_f", "1700000000150_f.json", "sha256:f", State.FAILED, "revert-model@v2",
                clock.instant(), 0, 0, 0, 0, "up[0] updateMany: boom", adds("f")));

        ModelInfoReverted out = (ModelInfoReverted) run(rollback("skip", false, "v2")).get(1);

        assertThat(out.reverted()).containsExactly(new RevertedMigration(b.migrationId(), "revert-model@v2", 20, 20));
        assertThat(count(MODEL, "c")).isEqualTo(20);
        assertThat(count(MODEL, "b")).isZero();
        assertThat(changelog().get("1700000000150_f").state()).isEqualTo(State.FAILED);

        // Everything of v2 is reverted now: another rollback across it finds nothing to do, and succeeds.
        List<RelayEvent> again = run(rollback("nothing", false, "v2"));
        assertThat(states(again)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(((ModelInfoReverted) again.get(1)).reverted()).isEmpty();
        assertThat(((ModelInfoReverted) run(rollback("none", false)).get(1)).reverted()).isEmpty();
    }

    @Test
    void aRepeatedDeliveryOfTheSameRollbackReplaysItsStoredOutcomeAndRevertsNothingTwice() {
        apply("v2", Runbook.parse("1700000000100_b.json", adds("b")));
        GitOpsReverted event = rollback("once", false, "v2");

        List<RelayEvent> first = run(event);
        // Between the deliveries: b is back (the field written again by a newer writer, the migration re-applied...).
        mongo.modelinfo().updateMany(Filters.eq("model", MODEL), new Document("$set", new Document("b", "kept")));
        Map<String, ChangelogEntry> logBetween = changelog();
        List<RelayEvent> second = run(event);

        assertThat(states(second)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(second.get(1)).isEqualTo(first.get(1)).isInstanceOf(ModelInfoReverted.class);
        assertThat(((ModelInfoReverted) second.get(1)).reverted()).extracting(RevertedMigration::migrationId)
                .containsExactly("1700000000100_b");
        assertThat(mongo.modelinfo().countDocuments(Filters.eq("b", "kept"))).isEqualTo(20);
        assertThat(changelog()).isEqualTo(logBetween);
        // What the service keeps: the ModelInfoReverted itself, under the rollback id.
        assertThat(results.find(event.release().releaseId())).contains(first.get(1));
    }

    // --- helpers

    /** Release {@code version} applies these migrations, a second after the previous release. */
    private void apply(String version, Migration... migrations) {
        clock.tick();
        migrator.up(MODEL, Release.releaseIdOf(MODEL, version), List.of(migrations), false);
    }

    /** A gitops.reverted back to v1 undoing {@code versions} (newest first), through the codec so it is a valid event. */
    private GitOpsReverted rollback(String suffix, boolean dryRun, String... versions) {
        String id = Rollback.idOf(MODEL, "v1", suffix);
        Release block = new Release(id, MODEL, "v1", REPO, TARGET_COMMIT, "ada", TAGGED);
        List<Rollback.RolledBackRelease> releases = new ArrayList<>();
        for (String v : versions) {
            releases.add(new Rollback.RolledBackRelease(Release.releaseIdOf(MODEL, v), v, "ab".repeat(20),
                    "registry.local:5000/" + MODEL + ":" + v, List.of()));
        }
        Rollback rollback = new Rollback(id, MODEL, versions.length == 0 ? "v1" : versions[0], "v1", "test", dryRun, releases);
        GitOpsReverted event = new GitOpsReverted(block, rollback, GoldenEvents.event(GitOpsReverted.class).gitops());
        return codec.decode(GitOpsReverted.class, codec.encodeToString(event));
    }

    private List<RelayEvent> run(GitOpsReverted event) {
        int from = published.size();
        runner.run(event);
        return List.copyOf(published.subList(from, published.size()));
    }

    private Map<String, ChangelogEntry> changelog() {
        return migrator.changelog(MODEL).stream().collect(Collectors.toMap(ChangelogEntry::migrationId, Function.identity()));
    }

    private long count(String model, String field) {
        return mongo.modelinfo().countDocuments(Filters.and(Filters.eq("model", model), Filters.exists(field)));
    }

    private List<Document> snapshot() {
        return mongo.modelinfo().find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static List<ReleaseStatus.State> states(List<RelayEvent> events) {
        return events.stream().filter(ReleaseStatus.class::isInstance).map(e -> ((ReleaseStatus) e).state()).toList();
    }

    /** A clock a test moves a second on, so releases applied in one millisecond are still dated in order. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-01T00:00:00Z");

        void tick() {
            now = now.plusSeconds(1);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
