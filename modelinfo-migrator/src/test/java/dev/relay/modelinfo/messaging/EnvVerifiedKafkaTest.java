package dev.relay.modelinfo.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.relay.events.CloudEvents;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventType;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.Topics;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.modelinfo.support.ModelRepo;
import dev.relay.modelinfo.support.Runbook;
import dev.relay.testkit.KafkaBrokerResource;
import dev.relay.testkit.KafkaTestClient;
import dev.relay.testkit.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole stage on a real Kafka broker, the MongoDB wire-protocol server and real git repositories. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class EnvVerifiedKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SOURCE = "/relay/env-migrator";

    @Inject
    MongoClient mongo;

    private final KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.bootstrapServers());

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void runbookExampleThroughTheBrokerThenReDeliveryThenAFailureMidwayAndAFixedRelease() {
        MongoCollection<Document> modelinfo = mongo.getDatabase("relay").getCollection("modelinfo");
        modelinfo.insertMany(Runbook.documents("kafka-model", 0, 1_000));
        modelinfo.insertMany(Runbook.documents("kafka-other", 0, 100));
        try (ModelRepo repo = new ModelRepo("kafka-model")) {
            String v1 = repo.write("migrations/" + Runbook.FILE, Runbook.JSON).release("v1.0.0");
            EnvVerified event = repo.envVerified("v1.0.0", v1);

            kafka.send(event, SOURCE);
            ConsumerRecord<String, String> record = kafka.read(Topics.MODELINFO_MIGRATED,
                    r -> r.value().contains("\"releaseId\":\"kafka-model@v1.0.0\""), 1, WAIT).get(0);
            ModelInfoMigrated out = new dev.relay.events.EventCodec().decode(ModelInfoMigrated.class, record.value());

            assertThat(record.key()).isEqualTo("kafka-model");
            Map<String, String> headers = KafkaTestClient.headers(record);
            assertThat(headers).containsEntry(CloudEvents.TYPE, "dev.relay.modelinfo.migrated.v1")
                    .containsEntry(CloudEvents.SOURCE, "/relay/modelinfo-migrator")
                    .containsEntry(CloudEvents.SUBJECT, "kafka-model");
            assertThat(out.image()).isEqualTo(event.image());
            assertThat(out.migrations().applied()).containsExactly(Runbook.ID);
            assertThat(out.migrations().irreversible()).isEmpty();
            for (Document d : modelinfo.find(Filters.eq("model", "kafka-model"))) {
                assertThat(d.getString("baz")).isEqualTo(d.getString("foo") + d.getInteger("bar"));
            }
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "kafka-other"), Filters.exists("baz")))).isZero();
            assertThat(changelog().find(Filters.eq("model", "kafka-model")).first())
                    .containsEntry("state", "applied").containsEntry("releaseId", "kafka-model@v1.0.0");

            // Re-delivery of the same event: the earlier result again, nothing applied twice.
            modelinfo.updateMany(Filters.eq("model", "kafka-model"), new Document("$set", new Document("baz", "untouched")));
            kafka.send(event, SOURCE);
            List<ModelInfoMigrated> both = kafka.readEvents(ModelInfoMigrated.class, Topics.MODELINFO_MIGRATED,
                    e -> e.release().releaseId().equals("kafka-model@v1.0.0"), 2, WAIT);
            assertThat(both.get(1)).isEqualTo(both.get(0));
            assertThat(modelinfo.countDocuments(Filters.eq("baz", "untouched"))).isEqualTo(1_000);
            // Like every stage: a re-delivery publishes started, the stored outcome and succeeded again.
            assertThat(kafka.readEvents(ReleaseStatus.class, Topics.RELEASE_STATUS,
                    e -> e.release().releaseId().equals("kafka-model@v1.0.0"), 4, WAIT))
                    .extracting(ReleaseStatus::state).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded,
                            ReleaseStatus.State.started, ReleaseStatus.State.succeeded);

            // v2: a migration failing midway ($inc on a string) is recorded, the lock is free afterwards.
            String broken = """
                    {"up": [{"updateMany": {"filter": {"step1": {"$exists": false}}, "update": {"$set": {"step1": true}}}},
                            {"updateMany": {"filter": {"step2": {"$exists": false}}, "update": {"$inc": {"foo": 1}}}}],
                     "down": []}""";
            String v2 = repo.write("migrations/1700000000100_two-steps.json", broken).release("v2.0.0");
            kafka.send(repo.envVerified("v2.0.0", v2), SOURCE);
            ReleaseFailed failed = kafka.readEvents(ReleaseFailed.class, Topics.RELEASE_FAILED,
                    e -> e.release().releaseId().equals("kafka-model@v2.0.0"), 1, WAIT).get(0);
            assertThat(failed.reason()).isEqualTo("migration-failed");
            assertThat(failed.message()).contains("1700000000100_two-steps", "up[1] updateMany");
            assertThat(failed.detail()).contains("migration: 1700000000100_two-steps", "operation: up[1] updateMany");
            assertThat(changelog().find(Filters.eq("_id", "kafka-model/1700000000100_two-steps")).first())
                    .containsEntry("state", "failed").containsEntry("operationsDone", 1);
            assertThat(mongo.getDatabase("relay").getCollection("modelinfo_locks").countDocuments(Filters.eq("_id", "kafka-model"))).isZero();
            assertThat(kafka.readEvents(ReleaseStatus.class, Topics.RELEASE_STATUS,
                    e -> e.release().releaseId().equals("kafka-model@v2.0.0"), 2, WAIT))
                    .extracting(ReleaseStatus::state).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);

            // v3 fixes the file: the failed migration resumes and completes.
            String v3 = repo.write("migrations/1700000000100_two-steps.json",
                    broken.replace("{\"$inc\": {\"foo\": 1}}", "{\"$set\": {\"step2\": true}}")).release("v3.0.0");
            kafka.send(repo.envVerified("v3.0.0", v3), SOURCE);
            ModelInfoMigrated fixed = kafka.readEvents(ModelInfoMigrated.class, Topics.MODELINFO_MIGRATED,
                    e -> e.release().releaseId().equals("kafka-model@v3.0.0"), 1, WAIT).get(0);
            assertThat(fixed.migrations().applied()).containsExactly("1700000000100_two-steps");
            assertThat(fixed.migrations().alreadyApplied()).containsExactly(Runbook.ID);
            // Its down is empty: a rollback across v3 would be refused.
            assertThat(fixed.migrations().irreversible()).containsExactly("1700000000100_two-steps");
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "kafka-model"), Filters.eq("step2", true)))).isEqualTo(1_000);
        }
    }

    @Test
    void recordsWithoutCeTypeOrWithAnInvalidReleaseGoToTheDeadLetterTopicNamingTheFieldAndTheConsumerCarriesOn() {
        String golden = GoldenEvents.json(EventType.ENV_VERIFIED);
        kafka.send(Topics.ENV_VERIFIED, "no-type-model", golden, Map.of());
        kafka.send(Topics.ENV_VERIFIED, "garbage-model", "{\"release\": {\"model\": \"Not A Model\"}}",
                Map.of(CloudEvents.TYPE, EventType.ENV_VERIFIED.ceType()));

        ConsumerRecord<String, String> noType = kafka.read(Topics.dlq(Topics.ENV_VERIFIED),
                r -> "no-type-model".equals(r.key()), 1, WAIT).get(0);
        assertThat(KafkaTestClient.headers(noType).get("dead-letter-reason"))
                .isEqualTo("ce_type: header is missing (expected 'dev.relay.env.verified.v1')");
        assertThat(noType.value()).isEqualTo(golden);
        ConsumerRecord<String, String> garbage = kafka.read(Topics.dlq(Topics.ENV_VERIFIED),
                r -> "garbage-model".equals(r.key()), 1, WAIT).get(0);
        assertThat(KafkaTestClient.headers(garbage).get("dead-letter-reason"))
                .startsWith("release.model: 'Not A Model' is not a model name");

        try (ModelRepo repo = new ModelRepo("after-garbage")) {
            String commit = repo.write("README.md", "no migrations").release("v1.0.0");
            kafka.send(repo.envVerified("v1.0.0", commit), SOURCE);
            ModelInfoMigrated out = kafka.readEvents(ModelInfoMigrated.class, Topics.MODELINFO_MIGRATED,
                    e -> e.release().model().equals("after-garbage"), 1, WAIT).get(0);
            assertThat(out.migrations().applied()).isEmpty();
        }
    }

    private MongoCollection<Document> changelog() {
        return mongo.getDatabase("relay").getCollection("modelinfo_changelog");
    }
}
