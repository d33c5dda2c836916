package dev.relay.modelinfo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.relay.modelinfo.core.MigrationResult;
import dev.relay.modelinfo.support.MongoFixture;
import dev.relay.modelinfo.support.Runbook;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Not a test and not part of {@code ./mvnw verify} (surefire only picks up *Test classes). Run with
 * <pre>./mvnw -pl modelinfo-migrator -am -Pbench test -Dtest=MigrationBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Migrates {@code bench.docs} documents (default 1,000,000) with the runbook's example, once through the
 * service (bulk server-side commands) and once with the runbook's per-document find + update loop, on
 * mongo-java-server in memory. The loop runs on {@code bench.loopDocs} documents (default all of them);
 * when that is fewer, its time is extrapolated linearly to {@code bench.docs} and the output says so.
 */
class MigrationBenchmark {

    private static final String MODEL = "bench-model";

    @Test
    void serviceVersusPerDocumentLoop() {
        int docs = Integer.getInteger("bench.docs", 1_000_000);
        int loopDocs = Integer.getInteger("bench.loopDocs", docs);

        long serviceNanos;
        try (MongoFixture mongo = new MongoFixture()) {
            seed(mongo.modelinfo(), docs);
            mongo.resetCommands();
            long start = System.nanoTime();
            MigrationResult result = mongo.migrator(Duration.ofSeconds(5))
                    .up(MODEL, MODEL + "@bench", List.of(Runbook.migration()), false);
            serviceNanos = System.nanoTime() - start;
            assertThat(result.applied()).containsExactly(Runbook.ID);
            assertThat(mongo.modelinfo().countDocuments(Filters.exists("baz"))).isEqualTo(docs);
            System.out.printf(Locale.ROOT, "service: %,d docs in %.2f s, %d commands sent%n", docs, serviceNanos / 1e9,
                    mongo.commands().size());
        }

        long loopNanos;
        try (MongoFixture mongo = new MongoFixture()) {
            seed(mongo.modelinfo(), loopDocs);
            long start = System.nanoTime();
            long updated = perDocumentLoop(mongo.modelinfo());
            loopNanos = System.nanoTime() - start;
            assertThat(updated).isEqualTo(loopDocs);
        }

        double serviceSeconds = serviceNanos / 1e9;
        double loopSeconds = loopNanos / 1e9;
        double loopSecondsAtFullSize = loopSeconds * docs / loopDocs;
        System.out.println("=== ModelInfo migration benchmark (runbook example, mongo-java-server in memory) ===");
        System.out.printf(Locale.ROOT, "service (match + addFields + merge): %,d docs in %.2f s = %,.0f docs/s%n",
                docs, serviceSeconds, docs / serviceSeconds);
        System.out.printf(Locale.ROOT, "runbook loop (find + updateOne each): %,d docs in %.2f s = %,.0f docs/s%s%n",
                loopDocs, loopSeconds, loopDocs / loopSeconds,
                loopDocs == docs ? "" : String.format(Locale.ROOT, " (extrapolated to %,d docs: %.1f s)", docs, loopSecondsAtFullSize));
        System.out.printf(Locale.ROOT, "ratio loop/service at %,d docs: %.1fx%s%n", docs, loopSecondsAtFullSize / serviceSeconds,
                loopDocs == docs ? "" : " (loop extrapolated)");
    }

    /** What the runbook does today: read every document, compute baz client-side, one update per document. */
    private static long perDocumentLoop(MongoCollection<Document> modelinfo) {
        long updated = 0;
        for (Document d : modelinfo.find(Filters.and(Filters.eq("model", MODEL), Filters.exists("baz", false))).batchSize(1_000)) {
            modelinfo.updateOne(Filters.eq("_id", d.get("_id")), Updates.set("baz", d.getString("foo") + d.get("bar")));
            updated++;
        }
        return updated;
    }

    private static void seed(MongoCollection<Document> modelinfo, int docs) {
        for (int from = 0; from < docs; from += 20_000) {
            modelinfo.insertMany(Runbook.documents(MODEL, from, Math.min(20_000, docs - from)));
        }
    }
}
