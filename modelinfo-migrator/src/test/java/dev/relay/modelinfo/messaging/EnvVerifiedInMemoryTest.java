package dev.relay.modelinfo.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.relay.events.CloudEvents;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.InvalidEventException;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.modelinfo.support.ModelRepo;
import dev.relay.modelinfo.support.Runbook;
import dev.relay.testkit.KafkaBrokerResource;
import dev.relay.testkit.KafkaRecords;
import dev.relay.testkit.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bson.Document;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service's messaging with the in-memory connector, fed records that carry Kafka metadata and headers
 * (so the ce_type check runs as on the broker), against the MongoDB wire-protocol server and real git repositories.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@QuarkusTestResource(MongoServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class EnvVerifiedInMemoryTest {

    private static final String RUNS = "relay_stage_runs_total{reason=\"none\",result=\"%s\",stage=\"modelinfo-migrator\"}";

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
    void theGoldenEnvVerifiedMigratesCarriesItsModelConfigAndARedeliveryRepublishesTheSameThreeEvents() {
        MongoCollection<Document> modelinfo = mongo.getDatabase("relay").getCollection("modelinfo");
        modelinfo.insertMany(Runbook.documents("hello-model", 0, 100));
        modelinfo.insertMany(Runbook.documents("mem-other", 0, 10));
        try (ModelRepo repo = new ModelRepo("hello-model")) {
            // The event's model config names migrations/: relay.yaml at the commit would name another folder.
            String commit = repo.write("migrations/" + Runbook.FILE, Runbook.JSON)
                    .write("relay.yaml", "migrations: elsewhere\n").release("v0.0.11");
            String json = GoldenEvents.json(EventType.ENV_VERIFIED, repo.releaseOf("v0.0.11", commit));
            EnvVerified event = codec.decode(EnvVerified.class, json);

            send(KafkaRecords.event(EventType.ENV_VERIFIED, json));
            ModelInfoMigrated out = codec.decode(ModelInfoMigrated.class, await(migrated, 1).get(0).getPayload());

            assertThat(out.release()).isEqualTo(event.release());
            assertThat(out.image()).isEqualTo(event.image());
            assertThat(out.modelConfig()).isEqualTo(GoldenEvents.event(EnvVerified.class).modelConfig()).isNotNull();
            assertThat(out.migrations().applied()).containsExactly(Runbook.ID);
            assertThat(out.migrations().alreadyApplied()).isEmpty();
            assertThat(out.migrations().irreversible()).isEmpty();
            assertThat(out.migrations().collection()).isEqualTo("modelinfo");
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "hello-model"), Filters.exists("baz")))).isEqualTo(100);
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "mem-other"), Filters.exists("baz")))).isZero();
            assertThat(states(await(status, 2))).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
            double replayedBefore = metric(RUNS.formatted("replayed"));

            // Re-delivery: started, the same outcome, succeeded, and nothing migrated twice.
            modelinfo.updateMany(Filters.eq("model", "hello-model"), new Document("$set", new Document("baz", "kept")));
            send(KafkaRecords.event(EventType.ENV_VERIFIED, json));
            ModelInfoMigrated again = codec.decode(ModelInfoMigrated.class, await(migrated, 2).get(1).getPayload());
            assertThat(again).isEqualTo(out);
            assertThat(states(await(status, 4))).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded,
                    ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
            assertThat(modelinfo.countDocuments(Filters.eq("baz", "kept"))).isEqualTo(100);
            assertThat(mongo.getDatabase("relay").getCollection("modelinfo_changelog")
                    .countDocuments(Filters.eq("model", "hello-model"))).isEqualTo(1);
            assertThat(metric(RUNS.formatted("replayed"))).isEqualTo(replayedBefore + 1);
            assertThat(metrics()).contains("relay_stage_duration_seconds_bucket{result=\"replayed\",stage=\"modelinfo-migrator\",le=\"");
        }
    }

    @Test
    void anOlderProducersEventWithoutModelConfigReadsRelayYamlAtTheCommit() {
        MongoCollection<Document> modelinfo = mongo.getDatabase("relay").getCollection("modelinfo");
        modelinfo.insertMany(Runbook.documents("mem-older", 0, 5));
        try (ModelRepo repo = new ModelRepo("mem-older")) {
            String commit = repo.write("relay.yaml", "model: mem-older\nmigrations:\n  dir: db/modelinfo\n")
                    .write("db/modelinfo/" + Runbook.FILE, Runbook.JSON)
                    .write("migrations/1700000000001_not-here.json", "{\"up\": [], \"down\": []}")
                    .release("v1.0.0");
            String json = GoldenEvents.without(GoldenEvents.json(EventType.ENV_VERIFIED, repo.releaseOf("v1.0.0", commit)),
                    "modelConfig");

            send(KafkaRecords.event(EventType.ENV_VERIFIED, json));
            ModelInfoMigrated out = codec.decode(ModelInfoMigrated.class, await(migrated, 1).get(0).getPayload());

            assertThat(out.migrations().applied()).containsExactly(Runbook.ID);
            assertThat(out.modelConfig()).isNull();
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "mem-older"), Filters.exists("baz")))).isEqualTo(5);
        }
    }

    @Test
    void aRecordWithoutOrWithTheWrongCeTypeOrAnInvalidReleaseIsNackedNamingTheField() throws Exception {
        String json = GoldenEvents.json(EventType.ENV_VERIFIED);
        Map<String, String> wrongType = Map.of(CloudEvents.TYPE, EventType.IMAGE_BUILT.ceType());

        assertThat(nackOf(json, Map.of()))
                .hasMessage("ce_type: header is missing (expected 'dev.relay.env.verified.v1')");
        assertThat(nackOf(json, wrongType))
                .hasMessage("ce_type: 'dev.relay.image.built.v1' is not dev.relay.env.verified.v1");
        assertThat(nackOf(json.replace("\"model\" : \"hello-model\",", "\"model\" : \"Hello Model\","),
                Map.of(CloudEvents.TYPE, EventType.ENV_VERIFIED.ceType())))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("release.model"))
                .hasMessageContaining("'Hello Model' is not a model name");
        assertThat(status.received()).isEmpty();
        assertThat(migrated.received()).isEmpty();
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

            send(KafkaRecords.event(repo.envVerified("v1.0.0", commit)));
            ReleaseFailed out = codec.decode(ReleaseFailed.class, await(failed, 1).get(0).getPayload());

            assertThat(out.stage()).isEqualTo("modelinfo-migrator");
            assertThat(out.reason()).isEqualTo("migration-invalid");
            assertThat(out.message()).contains("1700000000001_js.json", "up[0] setComputed", "$function");
            assertThat(out.detail()).isEqualTo("migration: 1700000000001_js\noperation: up[0] setComputed");
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "mem-invalid"), Filters.exists("baz")))).isZero();
            assertThat(states(await(status, 2))).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
            assertThat(migrated.received()).isEmpty();
        }
    }

    @Test
    void aChangedAppliedMigrationFailsWithMigrationModified() {
        try (ModelRepo repo = new ModelRepo("mem-modified")) {
            String v1 = repo.write("migrations/" + Runbook.FILE, Runbook.JSON).release("v1.0.0");
            send(KafkaRecords.event(repo.envVerified("v1.0.0", v1)));
            await(migrated, 1);

            String v2 = repo.write("migrations/" + Runbook.FILE, Runbook.JSON.replace("$bar", "$foo"))
                    .write("migrations/1700000000009_next.json", "{\"up\": [{\"updateMany\": {\"update\": {\"$set\": {\"next\": 1}}}}], \"down\": []}")
                    .release("v2.0.0");
            send(KafkaRecords.event(repo.envVerified("v2.0.0", v2)));
            ReleaseFailed out = codec.decode(ReleaseFailed.class, await(failed, 1).get(0).getPayload());

            assertThat(out.reason()).isEqualTo("migration-modified");
            assertThat(out.message()).contains(Runbook.FILE);
            assertThat(mongo.getDatabase("relay").getCollection("modelinfo").countDocuments(Filters.exists("next"))).isZero();
        }
    }

    private void send(Message<String> record) {
        connector.source("env-verified").send(record);
    }

    /** Sends a record and returns what the consumer nacked it with (the DLQ reason on the broker). */
    private Throwable nackOf(String value, Map<String, String> headers) throws Exception {
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        Message<String> record = KafkaRecords.record("env.verified", "hello-model", value, headers)
                .withAck(() -> {
                    nacked.completeExceptionally(new AssertionError("acknowledged"));
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    nacked.complete(t);
                    return CompletableFuture.completedFuture(null);
                });
        send(record);
        return nacked.get(30, TimeUnit.SECONDS);
    }

    private List<ReleaseStatus.State> states(List<? extends Message<String>> messages) {
        return messages.stream().map(m -> codec.decode(ReleaseStatus.class, m.getPayload()).state()).toList();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A value of the Prometheus page, 0 when the series does not exist yet. */
    private static double metric(String series) {
        return metrics().lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(0.0);
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
