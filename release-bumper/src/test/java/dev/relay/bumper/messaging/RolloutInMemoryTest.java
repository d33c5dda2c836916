package dev.relay.bumper.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relay.bumper.GitOpsRepoResource;
import dev.relay.bumper.InMemoryProfile;
import dev.relay.bumper.TestEvents;
import dev.relay.bumper.core.GitOpsFixture;
import dev.relay.events.Campaign;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.InvalidEventException;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.RolloutRequested;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.testkit.KafkaRecords;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** rollout.requested on its channel (in-memory connector) through the rollout stage, against the real GitOps repository. */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class RolloutInMemoryTest {

    private static final String CHANNEL = "rollout-requested";
    private static final String MODEL = "campaign-model";
    private static final Campaign CUTOVER = new Campaign("py313", "Python 3.13 on trixie", "relay/python-base:3.13", null,
            Campaign.Step.cutover);
    private final EventCodec codec = new EventCodec();

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @ConfigProperty(name = "relay.test.bare-dir")
    String bareDir;

    private <T extends RelayEvent> List<T> received(String channel, Class<T> type, String releaseId) {
        return connector.sink(channel).received().stream()
                .map(m -> codec.decode(type, ((String) m.getPayload()).getBytes(StandardCharsets.UTF_8)))
                .filter(e -> e.release().releaseId().equals(releaseId)).toList();
    }

    private List<ReleaseStatus.State> states(String releaseId) {
        return received("release-status", ReleaseStatus.class, releaseId).stream().map(ReleaseStatus::state).toList();
    }

    private List<RevCommit> commitsOf(String model) {
        return GitOpsFixture.log(Path.of(bareDir)).stream().filter(c -> c.getFooterLines("Relay-Model").contains(model)).toList();
    }

    @Test
    void aCutoverIsCommittedOnceAndAnsweredWithTheCampaignBlockEveryTime() {
        String id = Campaign.releaseIdOf(MODEL, "v1", CUTOVER.campaignId(), Campaign.Step.cutover);
        Release release = new Release(id, MODEL, "v1", "https://git.example.com/models/" + MODEL + ".git", TestEvents.SOURCE_COMMIT,
                "alice", Instant.parse("2026-11-01T10:00:00Z"));
        RolloutRequested cutover = new RolloutRequested(release, new Image(GitOpsRepoResource.image(MODEL, "v1-py313"),
                "sha256:" + "e".repeat(64), null, 1, CUTOVER.baseImage()), CUTOVER);

        connector.source(CHANNEL).send(KafkaRecords.event(cutover));
        connector.source(CHANNEL).send(KafkaRecords.event(cutover));

        await().atMost(Duration.ofSeconds(60)).until(() -> states(id).size() >= 4);
        List<RevCommit> commits = commitsOf(MODEL);
        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).getFooterLines("Relay-Release-Id")).containsExactly(id);
        assertThat(commits.get(0).getFooterLines("Relay-Campaign-Id")).containsExactly("py313");
        List<GitOpsUpdated> updated = received("gitops-updated", GitOpsUpdated.class, id);
        assertThat(updated).hasSize(2);
        assertThat(updated.get(1)).isEqualTo(updated.get(0));
        assertThat(updated.get(0)).satisfies(u -> {
            assertThat(u.campaign()).isEqualTo(CUTOVER);
            assertThat(u.release()).isEqualTo(release);
            assertThat(u.image()).isEqualTo(cutover.image());
            assertThat(u.gitops().from()).isEqualTo(GitOpsRepoResource.image(MODEL, "v1"));
            assertThat(u.gitops().to()).isEqualTo(GitOpsRepoResource.image(MODEL, "v1-py313"));
            assertThat(u.gitops().commit()).isEqualTo(commits.get(0).name());
            assertThat(u.gitops().files()).containsExactly("apps/" + MODEL + "/deployment.yaml");
            assertThat(u.gitops().noop()).isFalse();
        });
        assertThat(states(id)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded,
                ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        Message<?> message = connector.sink("gitops-updated").received().stream()
                .filter(m -> ((String) m.getPayload()).contains(id)).findFirst().orElseThrow();
        OutgoingKafkaRecordMetadata<?> meta = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(meta.getKey()).isEqualTo(MODEL);
        assertThat(new String(meta.getHeaders().lastHeader(CloudEvents.TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo("dev.relay.gitops.updated.v1");
        assertThat(GitOpsFixture.read(Path.of(bareDir), Path.of(bareDir).getParent().resolve("scratch-" + System.nanoTime()),
                "apps/" + MODEL + "/deployment.yaml")).isEqualTo(GitOpsFixture.deployment(GitOpsRepoResource.image(MODEL, "v1-py313")));
    }

    @Test
    void anInvalidRolloutIsNackedToItsDeadLetterTopicNamingTheField() {
        String golden = GoldenEvents.json(EventType.ROLLOUT_REQUESTED);
        String rebuildStep = golden.replace("\"step\" : \"cutover\"", "\"step\" : \"rebuild\"");
        assertThat(rebuildStep).isNotEqualTo(golden);
        AtomicReference<Throwable> nacked = new AtomicReference<>();

        connector.source(CHANNEL).send(KafkaRecords.record("rollout.requested", "hello-model", rebuildStep,
                Map.of(CloudEvents.TYPE, EventType.ROLLOUT_REQUESTED.ceType())).withNack(t -> {
                    nacked.set(t);
                    return CompletableFuture.completedFuture(null);
                }));

        await().atMost(Duration.ofSeconds(30)).until(() -> nacked.get() != null);
        assertThat(nacked.get()).isInstanceOfSatisfying(InvalidEventException.class, e -> {
            assertThat(e.field()).isEqualTo("campaign.step");
            assertThat(e.getMessage()).startsWith("campaign.step: 'rebuild' does not belong on this event");
        });
        // refused before the stage ran: not even started
        assertThat(states("hello-model@v0.0.11~campaign-py313.cutover")).isEmpty();
    }
}
