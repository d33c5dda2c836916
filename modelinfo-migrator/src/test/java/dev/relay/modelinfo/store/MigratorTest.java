package dev.relay.modelinfo.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import dev.relay.modelinfo.core.ChangelogEntry;
import dev.relay.modelinfo.core.ChangelogEntry.State;
import dev.relay.modelinfo.core.Migration;
import dev.relay.modelinfo.core.MigrationException;
import dev.relay.modelinfo.core.MigrationResult;
import dev.relay.modelinfo.core.Migrator;
import dev.relay.modelinfo.support.MongoFixture;
import dev.relay.modelinfo.support.Runbook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The migrator against a MongoDB wire-protocol server: documents, changelog, re-runs, down, failures. */
class MigratorTest {

    private static final String MODEL = "hello-model";
    private final MongoFixture mongo = new MongoFixture();
    private Migrator migrator;

    @BeforeEach
    void seed() {
        mongo.modelinfo().insertMany(Runbook.documents(MODEL, 0, 50));
        mongo.modelinfo().insertMany(Runbook.documents("other-model", 0, 20));
        migrator = mongo.migrator(Duration.ofSeconds(2));
    }

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void runbookExampleAddsBazToThisModelOnlyAndRecordsIt() {
        MigrationResult result = migrator.up(MODEL, "hello-model@v1", List.of(Runbook.migration()), false);

        assertThat(result.applied()).containsExactly(Runbook.ID);
        assertThat(result.alreadyApplied()).isEmpty();
        assertThat(result.collection()).isEqualTo("modelinfo");
        for (Document d : mongo.modelinfo().find(Filters.eq("model", MODEL))) {
            assertThat(d.getString("baz")).isEqualTo(d.getString("foo") + d.getInteger("bar"));
        }
        assertThat(mongo.modelinfo().countDocuments(Filters.and(Filters.eq("model", "other-model"), Filters.exists("baz")))).isZero();
        ChangelogEntry entry = migrator.changelog(MODEL).get(0);
        assertThat(entry.state()).isEqualTo(State.APPLIED);
        assertThat(entry.checksum()).isEqualTo(Runbook.migration().checksum());
        assertThat(entry.releaseId()).isEqualTo("hello-model@v1");
        assertThat(entry.matched()).isEqualTo(50);
        assertThat(entry.modified()).isEqualTo(50);
        assertThat(entry.appliedAt()).isNotNull();
        assertThat(entry.source()).isEqualTo(Runbook.JSON);
        assertThat(migrator.changelog("other-model")).isEmpty();
    }

    @Test
    void runningAgainAppliesNothingAndDownRestoresTheDocuments() {
        List<Document> before = snapshot();
        migrator.up(MODEL, "hello-model@v1", List.of(Runbook.migration()), false);

        MigrationResult again = migrator.up(MODEL, "hello-model@v1", List.of(Runbook.migration()), false);
        assertThat(again.applied()).isEmpty();
        assertThat(again.alreadyApplied()).containsExactly(Runbook.ID);

        MigrationResult down = migrator.down(MODEL, "manual", null, Map.of(), false);
        assertThat(down.reverted()).containsExactly(Runbook.ID);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(migrator.changelog(MODEL).get(0).state()).isEqualTo(State.ROLLED_BACK);

        // Rolled back means pending again.
        assertThat(migrator.up(MODEL, "hello-model@v2", List.of(Runbook.migration()), false).applied()).containsExactly(Runbook.ID);
    }

    @Test
    void downToATargetRevertsNewestFirstAndStopsAtIt() {
        Migration a = Runbook.migration();
        Migration b = Runbook.parse("1700000000005_add-qux.json", """
                {"up": [{"updateMany": {"filter": {"qux": {"$exists": false}}, "update": {"$set": {"qux": 1}}}}],
                 "down": [{"updateMany": {"filter": {"qux": {"$exists": true}}, "update": {"$unset": {"qux": ""}}}}]}""");
        Migration c = Runbook.parse("1700000000009_idx.json", """
                {"up": [{"createIndex": {"keys": {"qux": 1}, "options": {"name": "qux_1"}}}], "down": [{"dropIndex": {"name": "qux_1"}}]}""");
        migrator.up(MODEL, "hello-model@v1", List.of(a, b, c), false);

        MigrationResult down = migrator.down(MODEL, "manual", a.id(), Map.of(), false);

        assertThat(down.reverted()).containsExactly(c.id(), b.id());
        assertThat(mongo.modelinfo().countDocuments(Filters.exists("qux"))).isZero();
        assertThat(mongo.modelinfo().countDocuments(Filters.exists("baz"))).isEqualTo(50);
    }

    @Test
    void aChangedAppliedMigrationFailsAndNothingRuns() {
        migrator.up(MODEL, "hello-model@v1", List.of(Runbook.migration()), false);
        Migration edited = Runbook.parse(Runbook.FILE, Runbook.JSON.replace("\"$foo\"", "\"$bar\""));
        Migration next = Runbook.parse("1700000000005_add-qux.json", """
                {"up": [{"updateMany": {"filter": {}, "update": {"$set": {"qux": 1}}}}], "down": []}""");

        assertThatThrownBy(() -> migrator.up(MODEL, "hello-model@v2", List.of(edited, next), false))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("migration-modified"));
        assertThat(mongo.modelinfo().countDocuments(Filters.exists("qux"))).isZero();
        assertThat(migrator.changelog(MODEL)).hasSize(1);
    }

    @Test
    void aMigrationFailingMidwayIsRecordedLaterOnesDoNotRunAndAFixedReleaseResumes() {
        // up[1] fails on every document: $inc on the string foo.
        Migration broken = Runbook.parse("1700000000001_two-steps.json", """
                {"up": [{"updateMany": {"filter": {"step1": {"$exists": false}}, "update": {"$set": {"step1": true}}}},
                        {"updateMany": {"filter": {"step2": {"$exists": false}}, "update": {"$inc": {"foo": 1}}}}],
                 "down": []}""");
        Migration later = Runbook.parse("1700000000002_later.json", """
                {"up": [{"updateMany": {"filter": {}, "update": {"$set": {"later": true}}}}], "down": []}""");

        assertThatThrownBy(() -> migrator.up(MODEL, "hello-model@v1", List.of(later, broken), false))
                .isInstanceOfSatisfying(MigrationException.class, e -> {
                    assertThat(e.reason()).isEqualTo("migration-failed");
                    assertThat(e.migrationId()).isEqualTo(broken.id());
                    assertThat(e.operation()).isEqualTo("up[1] updateMany");
                });

        ChangelogEntry failed = migrator.changelog(MODEL).get(0);
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.operationsDone()).isEqualTo(1);
        assertThat(failed.error()).startsWith("up[1] updateMany: ");
        assertThat(migrator.changelog(MODEL)).hasSize(1);
        assertThat(mongo.modelinfo().countDocuments(Filters.exists("later"))).isZero();
        assertThat(mongo.modelinfo().countDocuments(Filters.eq("step1", true))).isEqualTo(50);
        assertThat(mongo.db().getCollection("modelinfo_locks").countDocuments()).isZero();

        Migration fixed = Runbook.parse(broken.fileName(), broken.source().replace("{\"$inc\": {\"foo\": 1}}",
                "{\"$set\": {\"step2\": true}}"));
        MigrationResult resumed = mongo.migrator(Duration.ofSeconds(2)).up(MODEL, "hello-model@v2", List.of(fixed, later), false);

        assertThat(resumed.applied()).containsExactly(fixed.id(), later.id());
        assertThat(mongo.modelinfo().countDocuments(Filters.and(Filters.eq("model", MODEL), Filters.eq("step2", true),
                Filters.eq("later", true)))).isEqualTo(50);
        assertThat(migrator.changelog(MODEL)).extracting(ChangelogEntry::state).containsExactly(State.APPLIED, State.APPLIED);
    }

    @Test
    void aCrashedRunResumesAfterItsLastRecordedOperation() {
        Migration m = Runbook.parse("1700000000001_two.json", """
                {"up": [{"updateMany": {"filter": {"a": {"$exists": false}}, "update": {"$set": {"a": 1}}}},
                        {"updateMany": {"filter": {"b": {"$exists": false}}, "update": {"$set": {"b": 1}}}}],
                 "down": []}""");
        // What a crash after up[0] leaves behind: the changelog says running, 1 operation done.
        new MongoChangelog(mongo.db().getCollection("modelinfo_changelog")).save(new ChangelogEntry(MODEL, m.id(), m.fileName(),
                m.checksum(), State.RUNNING, "hello-model@v1", java.time.Instant.now(), 0, 50, 50, 1, null, m.source()));

        MigrationResult result = migrator.up(MODEL, "hello-model@v1", List.of(m), false);

        assertThat(result.operations()).extracting(MigrationResult.OperationReport::operation).containsExactly("up[1] updateMany");
        assertThat(mongo.modelinfo().countDocuments(Filters.exists("a"))).isZero();
        assertThat(migrator.changelog(MODEL).get(0).state()).isEqualTo(State.APPLIED);
    }

    @Test
    void aDryRunCountsPerOperationAndChangesNothing() {
        List<Document> before = snapshot();
        MigrationResult dry = migrator.up(MODEL, "dry", List.of(Runbook.migration()), true);

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.applied()).containsExactly(Runbook.ID);
        assertThat(dry.operations()).singleElement().satisfies(op -> {
            assertThat(op.operation()).isEqualTo("up[0] setComputed");
            assertThat(op.matched()).isEqualTo(50);
        });
        assertThat(snapshot()).isEqualTo(before);
        assertThat(migrator.changelog(MODEL)).isEmpty();
    }

    private List<Document> snapshot() {
        return mongo.modelinfo().find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }
}
