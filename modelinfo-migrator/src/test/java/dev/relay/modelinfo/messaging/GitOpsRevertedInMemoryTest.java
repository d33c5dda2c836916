package dev.relay.modelinfo.messaging;

import static dev.relay.modelinfo.messaging.EnvVerifiedInMemoryTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.GitOpsReverted;
import dev.relay.events.InvalidEventException;
import dev.relay.events.ModelInfoReverted;
import dev.relay.events.ModelInfoReverted.RevertedMigration;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.modelinfo.core.Migrator;
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
import org.bson.Document;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollback's channel with the in-memory connector: the contract's golden gitops.reverted (for a model of its
 * own, whose changelog the service's migrator seeds as release v0.0.11 left it) as a record with Kafka headers.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@QuarkusTestResource(MongoServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class GitOpsRevertedInMemoryTest {

    private static final String MODEL = "mem-revert";

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    MongoClient mongo;

    @Inject
    Migrator migrator;

    private final EventCodec codec = new EventCodec();
    private InMemorySink<String> reverted;
    private InMemorySink<String> status;

    @BeforeEach
    void sinks() {
        reverted = connector.sink("modelinfo-reverted");
        status = connector.sink("release-status");
        reverted.clear();
        status.clear();
    }

    @Test
    void theGoldenGitOpsRevertedRunsDownPublishesModelInfoRevertedWithTheRollbackIdAndARedeliveryRevertsNothingTwice() {
        MongoCollection<Document> modelinfo = mongo.getDatabase("relay").getCollection("modelinfo");
        modelinfo.insertMany(Runbook.documents(MODEL, 0, 30));
        migrator.up(MODEL, MODEL + "@v0.0.11", List.of(Runbook.migration()), false);
        assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", MODEL), Filters.exists("baz")))).isEqualTo(30);
        // The golden rollback (v0.0.11 back to v0.0.10), for this model.
        String json = GoldenEvents.json(EventType.GITOPS_REVERTED).replace("hello-model", MODEL);
        GitOpsReverted event = codec.decode(GitOpsReverted.class, json);
        String rollbackId = MODEL + "@v0.0.10~rollback-2f4c9a1e";
        assertThat(event.release().releaseId()).isEqualTo(rollbackId);

        send(KafkaRecords.event(EventType.GITOPS_REVERTED, json));
        ModelInfoReverted out = codec.decode(ModelInfoReverted.class, await(reverted, 1).get(0).getPayload());

        assertThat(out.release()).isEqualTo(event.release());
        assertThat(out.rollback()).isEqualTo(event.rollback());
        assertThat(out.reverted()).containsExactly(new RevertedMigration(Runbook.ID, MODEL + "@v0.0.11", 30, 30));
        assertThat(out.collection()).isEqualTo("modelinfo");
        assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", MODEL), Filters.exists("baz")))).isZero();
        assertThat(changelog().find(Filters.eq("_id", MODEL + "/" + Runbook.ID)).first())
                .containsEntry("state", "rolled-back").containsEntry("releaseId", rollbackId);
        List<ReleaseStatus> statuses = statuses(await(status, 2));
        assertThat(statuses).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(statuses).allSatisfy(s -> {
            assertThat(s.release().releaseId()).isEqualTo(rollbackId);
            assertThat(s.stage()).isEqualTo("modelinfo-migrator");
        });

        // Re-delivery of the same rollback: the stored outcome again, nothing reverted twice.
        modelinfo.updateMany(Filters.eq("model", MODEL), new Document("$set", new Document("baz", "kept")));
        send(KafkaRecords.event(EventType.GITOPS_REVERTED, json));
        ModelInfoReverted again = codec.decode(ModelInfoReverted.class, await(reverted, 2).get(1).getPayload());
        assertThat(again).isEqualTo(out);
        assertThat(statuses(await(status, 4))).extracting(ReleaseStatus::state).containsExactly(ReleaseStatus.State.started,
                ReleaseStatus.State.succeeded, ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", MODEL), Filters.eq("baz", "kept")))).isEqualTo(30);
    }

    @Test
    void aRecordWithoutOrWithTheWrongCeTypeOrThatIsNotARollbackIsNackedNamingTheField() throws Exception {
        String json = GoldenEvents.json(EventType.GITOPS_REVERTED);

        assertThat(nackOf(json, Map.of()))
                .hasMessage("ce_type: header is missing (expected 'dev.relay.gitops.reverted.v1')");
        assertThat(nackOf(json, Map.of(CloudEvents.TYPE, EventType.GITOPS_UPDATED.ceType())))
                .hasMessage("ce_type: 'dev.relay.gitops.updated.v1' is not dev.relay.gitops.reverted.v1");
        // A release's id where the rollback's belongs.
        assertThat(nackOf(json.replace("hello-model@v0.0.10~rollback-2f4c9a1e", "hello-model@v0.0.10"),
                Map.of(CloudEvents.TYPE, EventType.GITOPS_REVERTED.ceType())))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("release.releaseId"));
        assertThat(nackOf(GoldenEvents.without(json, "rollback"), Map.of(CloudEvents.TYPE, EventType.GITOPS_REVERTED.ceType())))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("rollback"));
        assertThat(status.received()).isEmpty();
        assertThat(reverted.received()).isEmpty();
    }

    private void send(Message<String> record) {
        connector.source("gitops-reverted").send(record);
    }

    /** Sends a record and returns what the consumer nacked it with (the DLQ reason on the broker). */
    private Throwable nackOf(String value, Map<String, String> headers) throws Exception {
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        Message<String> record = KafkaRecords.record("gitops.reverted", "hello-model", value, headers)
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

    private MongoCollection<Document> changelog() {
        return mongo.getDatabase("relay").getCollection("modelinfo_changelog");
    }

    private List<ReleaseStatus> statuses(List<? extends Message<String>> messages) {
        return messages.stream().map(m -> codec.decode(ReleaseStatus.class, m.getPayload())).toList();
    }
}
