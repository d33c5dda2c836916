package dev.relay.modelinfo.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.relay.modelinfo.core.Operation;
import dev.relay.modelinfo.support.MongoFixture;
import dev.relay.modelinfo.support.Runbook;
import java.util.Map;
import org.bson.Document;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one thing setComputed rests on: $match + $addFields + $merge into the same collection, on both
 * backends of the embedded server (memory in tests, H2 in the local run).
 */
class MergeOnEmbeddedServerTest {

    static Stream<Supplier<MongoBackend>> backends() {
        return Stream.of(MemoryBackend::new, H2Backend::inMemory);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mergesComputedFieldsBackIntoTheSameCollectionForTheModelOnly(Supplier<MongoBackend> backend) {
        try (MongoFixture mongo = new MongoFixture(backend.get())) {
            mergesComputedFields(mongo);
        }
    }

    private void mergesComputedFields(MongoFixture mongo) {
        mongo.modelinfo().insertMany(Runbook.documents("hello-model", 0, 3));
        mongo.modelinfo().insertMany(Runbook.documents("other-model", 0, 2));
        var ops = new MongoModelInfoOperations(mongo.modelinfo());

        var result = ops.execute("hello-model", new Operation.SetComputed(
                Map.of("baz", Map.of("$exists", false)),
                Map.of("baz", Map.of("$concat", java.util.List.of("$foo", Map.of("$toString", "$bar"))))));

        assertThat(result.matched()).isEqualTo(3);
        assertThat(mongo.modelinfo().countDocuments()).isEqualTo(5);
        for (Document d : mongo.modelinfo().find(Filters.eq("model", "hello-model"))) {
            assertThat(d.getString("baz")).isEqualTo(d.getString("foo") + d.getInteger("bar"));
            assertThat(d.keySet()).containsExactlyInAnyOrder("_id", "model", "foo", "bar", "baz");
        }
        assertThat(mongo.modelinfo().countDocuments(Filters.and(Filters.eq("model", "other-model"), Filters.exists("baz")))).isZero();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void migratorLockAndChangelogWorkOnTheBackend(Supplier<MongoBackend> backend) {
        try (MongoFixture mongo = new MongoFixture(backend.get())) {
            mongo.modelinfo().insertMany(Runbook.documents("hello-model", 0, 10));
            var migrator = mongo.migrator(java.time.Duration.ofSeconds(2));

            assertThat(migrator.up("hello-model", "hello-model@v1", java.util.List.of(Runbook.migration()), false).applied())
                    .containsExactly(Runbook.ID);
            assertThat(mongo.modelinfo().countDocuments(Filters.exists("baz"))).isEqualTo(10);
            migrator.down("hello-model", "manual", null, Map.of(), false);
            assertThat(mongo.modelinfo().countDocuments(Filters.exists("baz"))).isZero();

            var locks = new MongoLockStore(mongo.db().getCollection("modelinfo_locks"));
            var now = java.time.Instant.now();
            assertThat(locks.tryAcquire("m", "a", now, now.plusSeconds(60))).isTrue();
            assertThat(locks.tryAcquire("m", "b", now, now.plusSeconds(60))).isFalse();
        }
    }
}
