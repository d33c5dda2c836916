package dev.relay.modelinfo.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.GitOpsReverted;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.ModelInfoReverted;
import dev.relay.events.ModelInfoReverted.RevertedMigration;
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
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A release, then its rollback, through a real Kafka broker, with static membership on (relay.instance-id set, as
 * in Kubernetes and the local run): both consumers of the service keep working side by side, neither fences the other.
 */
@QuarkusTest
@TestProfile(StaticMembershipProfile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class GitOpsRevertedKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MODEL = "kafka-rollback";

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "relay.instance-id")
    String instanceId;

    @ConfigProperty(name = "mp.messaging.incoming.env-verified.group.id")
    String releaseGroup;

    @ConfigProperty(name = "mp.messaging.incoming.gitops-reverted.group.id")
    String rollbackGroup;

    private final KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.bootstrapServers());
    private final EventCodec codec = new EventCodec();

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void aReleaseMigratedThroughTheBrokerIsRevertedByItsRollbackAndBothChannelsKeepConsuming() throws Exception {
        MongoCollection<Document> modelinfo = mongo.getDatabase("relay").getCollection("modelinfo");
        modelinfo.insertMany(Runbook.documents(MODEL, 0, 40));
        try (ModelRepo repo = new ModelRepo(MODEL)) {
            String v11 = repo.write("migrations/" + Runbook.FILE, Runbook.JSON).release("v0.0.11");
            kafka.send(repo.envVerified("v0.0.11", v11), "/relay/env-migrator");
            ModelInfoMigrated migrated = kafka.readEvents(ModelInfoMigrated.class, Topics.MODELINFO_MIGRATED,
                    e -> e.release().releaseId().equals(MODEL + "@v0.0.11"), 1, WAIT).get(0);
            assertThat(migrated.migrations().applied()).containsExactly(Runbook.ID);

            // An invalid rollback record goes to the dead-letter topic, and the consumer carries on.
            kafka.send(Topics.GITOPS_REVERTED, "no-type-model", GoldenEvents.json(EventType.GITOPS_REVERTED), Map.of());
            ConsumerRecord<String, String> dead = kafka.read(Topics.dlq(Topics.GITOPS_REVERTED),
                    r -> "no-type-model".equals(r.key()), 1, WAIT).get(0);
            assertThat(KafkaTestClient.headers(dead).get("dead-letter-reason"))
                    .isEqualTo("ce_type: header is missing (expected 'dev.relay.gitops.reverted.v1')");

            GitOpsReverted rollback = codec.decode(GitOpsReverted.class,
                    GoldenEvents.json(EventType.GITOPS_REVERTED).replace("hello-model", MODEL));
            kafka.send(rollback, "/relay/release-bumper");
            ConsumerRecord<String, String> record = kafka.read(Topics.MODELINFO_REVERTED,
                    r -> r.value().contains(rollback.release().releaseId()), 1, WAIT).get(0);
            ModelInfoReverted out = codec.decode(ModelInfoReverted.class, record.value());

            assertThat(record.key()).isEqualTo(MODEL);
            assertThat(KafkaTestClient.headers(record)).containsEntry(CloudEvents.TYPE, "dev.relay.modelinfo.reverted.v1")
                    .containsEntry(CloudEvents.SOURCE, "/relay/modelinfo-migrator")
                    .containsEntry(CloudEvents.SUBJECT, MODEL);
            assertThat(out.reverted()).containsExactly(new RevertedMigration(Runbook.ID, MODEL + "@v0.0.11", 40, 40));
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", MODEL), Filters.exists("baz")))).isZero();
            assertThat(kafka.readEvents(ReleaseStatus.class, Topics.RELEASE_STATUS,
                    e -> e.release().releaseId().equals(rollback.release().releaseId()), 2, WAIT))
                    .extracting(ReleaseStatus::state).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);

            // The release channel still consumes after the rollback channel joined: the next release migrates again.
            String v12 = repo.write("README.md", "v0.0.12").release("v0.0.12");
            kafka.send(repo.envVerified("v0.0.12", v12), "/relay/env-migrator");
            ModelInfoMigrated next = kafka.readEvents(ModelInfoMigrated.class, Topics.MODELINFO_MIGRATED,
                    e -> e.release().releaseId().equals(MODEL + "@v0.0.12"), 1, WAIT).get(0);
            assertThat(next.migrations().applied()).containsExactly(Runbook.ID);
        }

        // And they stay members side by side: two members of one group with one instance id would fence each other
        // in turn, so that at any moment only one of the two topics had an owner with this instance id.
        for (int i = 0; i < 4; i++) {
            assertThat(assignedToThisInstance()).as("partitions owned by %s, sample %d", instanceId, i)
                    .containsExactly(Topics.ENV_VERIFIED, Topics.GITOPS_REVERTED);
            Thread.sleep(1_000);
        }
    }

    /** The topics whose partitions this instance's static members own now, over the groups of both channels. */
    private Set<String> assignedToThisInstance() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()))) {
            Set<String> topics = new TreeSet<>();
            for (ConsumerGroupDescription group : admin.describeConsumerGroups(new TreeSet<>(List.of(releaseGroup, rollbackGroup)))
                    .all().get().values()) {
                for (MemberDescription member : group.members()) {
                    if (member.groupInstanceId().filter(instanceId::equals).isPresent()) {
                        member.assignment().topicPartitions().stream().map(TopicPartition::topic).forEach(topics::add);
                    }
                }
            }
            return topics;
        }
    }
}
