package dev.relay.bumper.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.bumper.GitOpsRepoResource;
import dev.relay.bumper.RealBrokerProfile;
import dev.relay.bumper.TestEvents;
import dev.relay.bumper.core.GitOpsFixture;
import dev.relay.events.Campaign;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.Release;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.RolloutRequested;
import dev.relay.events.Topics;
import dev.relay.testkit.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole service against a real Kafka broker and a real git server with Basic auth. */
@QuarkusTest
@TestProfile(RealBrokerProfile.class)
class RealBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SOURCE = "/relay/modelinfo-migrator";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "relay.test.bare-dir")
    String bareDir;

    private KafkaTestClient kafka;
    private final EventCodec codec = new EventCodec();

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrap);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    private List<RevCommit> commitsOf(String model) {
        return GitOpsFixture.log(Path.of(bareDir)).stream()
                .filter(c -> c.getFooterLines("Relay-Model").contains(model)).toList();
    }

    @Test
    void aReleaseFlowsFromModelinfoMigratedToGitopsUpdated() {
        kafka.send(TestEvents.migrated("kafka-model", "v2"), SOURCE);

        List<ConsumerRecord<String, String>> records = kafka.read(Topics.GITOPS_UPDATED,
                r -> "kafka-model".equals(r.key()), 1, WAIT);
        ConsumerRecord<String, String> record = records.get(0);
        Map<String, String> headers = KafkaTestClient.headers(record);
        assertThat(headers).containsEntry(CloudEvents.TYPE, "dev.relay.gitops.updated.v1")
                .containsEntry(CloudEvents.SOURCE, "/relay/release-bumper")
                .containsEntry(CloudEvents.SUBJECT, "kafka-model");
        GitOpsUpdated updated = codec.decode(GitOpsUpdated.class, record.value());
        assertThat(updated.gitops().commit()).isEqualTo(commitsOf("kafka-model").get(0).name());
        assertThat(updated.gitops().to()).isEqualTo(GitOpsRepoResource.image("kafka-model", "v2"));
        assertThat(record.value()).doesNotContain(GitOpsRepoResource.TOKEN);

        List<ReleaseStatus> statuses = kafka.readEvents(ReleaseStatus.class, Topics.RELEASE_STATUS,
                s -> s.release().model().equals("kafka-model"), 2, WAIT);
        assertThat(statuses).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(statuses).extracting(ReleaseStatus::stage).containsOnly("release-bumper");
    }

    @Test
    void theSameEventDeliveredTwiceMakesOneCommit() {
        ModelInfoMigrated event = TestEvents.migrated("kafka-dup-model", "v2");
        kafka.send(event, SOURCE);
        kafka.send(event, SOURCE);

        List<GitOpsUpdated> updates = kafka.readEvents(GitOpsUpdated.class, Topics.GITOPS_UPDATED,
                e -> e.release().model().equals("kafka-dup-model"), 2, WAIT);
        assertThat(updates).extracting(u -> u.gitops().commit()).containsOnly(updates.get(0).gitops().commit());
        assertThat(commitsOf("kafka-dup-model")).hasSize(1);
    }

    @Test
    void aRecordThatDoesNotDecodeGoesToTheDlqAndTheConsumerCarriesOn() {
        String broken = codec.encodeToString(TestEvents.migrated("after-dlq-model", "v7"))
                .replace(TestEvents.SOURCE_COMMIT, "not-a-sha");
        kafka.send(Topics.MODELINFO_MIGRATED, "after-dlq-model", broken,
                Map.of(CloudEvents.TYPE, "dev.relay.modelinfo.migrated.v1"));
        kafka.send(TestEvents.migrated("after-dlq-model", "v2"), SOURCE);

        ConsumerRecord<String, String> dead = kafka.read(Topics.dlq(Topics.MODELINFO_MIGRATED),
                r -> "after-dlq-model".equals(r.key()), 1, WAIT).get(0);
        assertThat(dead.value()).isEqualTo(broken);
        assertThat(KafkaTestClient.headers(dead).get("dead-letter-reason")).contains("release.commit");
        kafka.readEvents(GitOpsUpdated.class, Topics.GITOPS_UPDATED,
                e -> e.release().model().equals("after-dlq-model"), 1, WAIT);
    }

    @Test
    void aCampaignRolloutIsConsumedUnderItsOwnGroupAndAnInvalidOneGoesToItsDlq() {
        String model = "campaign-kafka-model";
        Campaign campaign = new Campaign("py313", "Python 3.13 on trixie", "relay/python-base:3.13", null, Campaign.Step.cutover);
        Release release = new Release(Campaign.releaseIdOf(model, "v1", "py313", Campaign.Step.cutover), model, "v1",
                "https://git.example.com/models/" + model + ".git", TestEvents.SOURCE_COMMIT, "alice", Instant.parse("2026-11-01T10:00:00Z"));
        RolloutRequested cutover = new RolloutRequested(release, new Image(GitOpsRepoResource.image(model, "v1-py313"),
                "sha256:" + "e".repeat(64), null, 1, campaign.baseImage()), campaign);
        String broken = codec.encodeToString(cutover).replace(TestEvents.SOURCE_COMMIT, "not-a-sha");
        kafka.send(Topics.ROLLOUT_REQUESTED, model, broken, Map.of(CloudEvents.TYPE, "dev.relay.rollout.requested.v1"));
        kafka.send(cutover, "/relay/env-migrator");

        ConsumerRecord<String, String> dead = kafka.read(Topics.dlq(Topics.ROLLOUT_REQUESTED), r -> model.equals(r.key()), 1, WAIT).get(0);
        assertThat(dead.value()).isEqualTo(broken);
        assertThat(KafkaTestClient.headers(dead).get("dead-letter-reason")).contains("release.commit");
        GitOpsUpdated updated = kafka.readEvents(GitOpsUpdated.class, Topics.GITOPS_UPDATED,
                e -> e.release().model().equals(model), 1, WAIT).get(0);
        assertThat(updated.campaign()).isEqualTo(campaign);
        assertThat(updated.gitops().to()).isEqualTo(GitOpsRepoResource.image(model, "v1-py313"));
        assertThat(updated.gitops().commit()).isEqualTo(commitsOf(model).get(0).name());
    }
}
