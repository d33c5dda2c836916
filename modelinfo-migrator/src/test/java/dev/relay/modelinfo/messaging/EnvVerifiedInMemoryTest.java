package dev.relay.modelinfo.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.modelinfo.support.ModelRepo;
import dev.relay.modelinfo.support.Runbook;
import dev.relay.testkit.KafkaBrokerResource;
import dev.relay.testkit.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Predicate;
import org.bson.Document;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service's messaging with the in-memory connector, against the MongoDB wire-protocol server and real git repositories. */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@QuarkusTestResource(MongoServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class EnvVerifiedInMemoryTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    MongoClient mongo;

    private final EventCodec codec = new EventCodec();
    private InMemorySink<String> migrated;
    private InMemorySink<String> failed;
    private InMemorySink<String> status;

    @BeforeEach
    void sinks() {
        migrated = connector.sink("modelinfo-migrated");
        failed = connector.sink("release-failed");
        status = connector.sink("release-status");
        migrated.clear();
        failed.clear();
        status.clear();
    }

    @Test
    void runbookMigrationThroughEnvVerifiedAndReDeliveryAppliesNothingTwice() {
        MongoCollection<Document> modelinfo = mongo.getDatabase("relay").getCollection("modelinfo");
        modelinfo.insertMany(Runbook.documents("mem-model", 0, 100));
        modelinfo.insertMany(Runbook.documents("mem-other", 0, 10));
        try (ModelRepo repo = new ModelRepo("mem-model")) {
            String commit = repo.write("migrations/" + Runbook.FILE, Runbook.JSON).release("v1.0.0");
            EnvVerified event = repo.envVerified("v1.0.0", commit);

            send(event);
            ModelInfoMigrated out = codec.decode(ModelInfoMigrated.class, await(migrated, 1).get(0).getPayload());

            assertThat(out.release()).isEqualTo(event.release());
            assertThat(out.image()).isEqualTo(event.image());
            assertThat(out.migrations().applied()).containsExactly(Runbook.ID);
            assertThat(out.migrations().alreadyApplied()).isEmpty();
            assertThat(out.migrations().collection()).isEqualTo("modelinfo");
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "mem-model"), Filters.exists("baz")))).isEqualTo(100);
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "mem-other"), Filters.exists("baz")))).isZero();
            assertThat(await(status, 2)).extracting(m -> codec.decode(ReleaseStatus.class, m.getPayload()).state())
                    .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);

            // Re-delivery: the same outcome again, and nothing migrated twice.
            modelinfo.updateMany(Filters.eq("model", "mem-model"), new Document("$set", new Document("baz", "kept")));
            send(event);
            ModelInfoMigrated again = codec.decode(ModelInfoMigrated.class, await(migrated, 2).get(1).getPayload());
            assertThat(again).isEqualTo(out);
            assertThat(modelinfo.countDocuments(Filters.eq("baz", "kept"))).isEqualTo(100);
            assertThat(mongo.getDatabase("relay").getCollection("modelinfo_changelog")
                    .countDocuments(Filters.eq("model", "mem-model"))).isEqualTo(1);
        }
    }

    @Test
    void anInvalidFileFailsTheReleaseBeforeAnythingRuns() {
        MongoCollection<Document> modelinfo = mongo.getDatabase("relay").getCollection("modelinfo");
        modelinfo.insertMany(Runbook.documents("mem-invalid", 0, 5));
        try (ModelRepo repo = new ModelRepo("mem-invalid")) {
            String commit = repo.write("migrations/" + Runbook.FILE, Runbook.JSON)
                    .write("migrations/1700000000001_js.json",
                            "{\"up\": [{\"setComputed\": {\"fields\": {\"x\": {\"$function\": {}}}}}], \"down\": []}")
                    .release("v1.0.0");

            send(repo.envVerified("v1.0.0", commit));
            ReleaseFailed out = codec.decode(ReleaseFailed.class, await(failed, 1).get(0).getPayload());

            assertThat(out.stage()).isEqualTo("modelinfo-migrator");
            assertThat(out.reason()).isEqualTo("migration-invalid");
            assertThat(out.message()).contains("1700000000001_js.json", "up[0] setComputed", "$function");
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "mem-invalid"), Filters.exists("baz")))).isZero();
            assertThat(await(status, 2)).extracting(m -> codec.decode(ReleaseStatus.class, m.getPayload()).state())
                    .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
            assertThat(migrated.received()).isEmpty();
        }
    }

    @Test
    void aChangedAppliedMigrationFailsWithMigrationModified() {
        try (ModelRepo repo = new ModelRepo("mem-modified")) {
            String v1 = repo.write("migrations/" + Runbook.FILE, Runbook.JSON).release("v1.0.0");
            send(repo.envVerified("v1.0.0", v1));
            await(migrated, 1);

            String v2 = repo.write("migrations/" + Runbook.FILE, Runbook.JSON.replace("$bar", "$foo"))
                    .write("migrations/1700000000009_next.json", "{\"up\": [{\"updateMany\": {\"update\": {\"$set\": {\"next\": 1}}}}], \"down\": []}")
                    .release("v2.0.0");
            send(repo.envVerified("v2.0.0", v2));
            ReleaseFailed out = codec.decode(ReleaseFailed.class, await(failed, 1).get(0).getPayload());

            assertThat(out.reason()).isEqualTo("migration-modified");
            assertThat(out.message()).contains(Runbook.FILE);
            assertThat(mongo.getDatabase("relay").getCollection("modelinfo").countDocuments(Filters.exists("next"))).isZero();
        }
    }

    private void send(EnvVerified event) {
        connector.source("env-verified").send(codec.encodeToString(event));
    }

    /** Waits (bounded) for the sink to hold {@code count} messages; processing is asynchronous. */
    static List<? extends Message<String>> await(InMemorySink<String> sink, int count) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Predicate<InMemorySink<String>> done = s -> s.received().size() >= count;
        while (!done.test(sink) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(sink.received()).as("messages on " + sink.name()).hasSizeGreaterThanOrEqualTo(count);
        return sink.received();
    }
}
