package dev.relay.bumper.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relay.bumper.GitOpsRepoResource;
import dev.relay.bumper.InMemoryProfile;
import dev.relay.bumper.TestEvents;
import dev.relay.bumper.core.GitOpsFixture;
import dev.relay.events.EventCodec;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.RelayEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** The service's messaging on the in-memory connector, against a real GitOps repository over HTTP. */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class MessagingInMemoryTest {

    private final EventCodec codec = new EventCodec();

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @ConfigProperty(name = "relay.test.bare-dir")
    String bareDir;

    private <T extends RelayEvent> List<T> received(String channel, Class<T> type, String model) {
        return connector.sink(channel).received().stream()
                .map(m -> codec.decode(type, ((String) m.getPayload()).getBytes(StandardCharsets.UTF_8)))
                .filter(e -> e.release().model().equals(model)).toList();
    }

    private List<RevCommit> commitsOf(String model) {
        return GitOpsFixture.log(Path.of(bareDir)).stream()
                .filter(c -> c.getFooterLines("Relay-Model").contains(model)).toList();
    }

    @Test
    void aMigratedReleaseIsBumpedAndPublished() {
        connector.source("modelinfo-migrated").send(codec.encodeToString(TestEvents.migrated("msg-model", "v2")));

        await().atMost(Duration.ofSeconds(60)).until(() -> received("release-status", ReleaseStatus.class, "msg-model").size() >= 2);
        List<GitOpsUpdated> updated = received("gitops-updated", GitOpsUpdated.class, "msg-model");
        assertThat(updated).singleElement().satisfies(e -> {
            assertThat(e.gitops().noop()).isFalse();
            assertThat(e.gitops().files()).containsExactly("apps/msg-model/deployment.yaml");
            assertThat(e.gitops().from()).isEqualTo(GitOpsRepoResource.image("msg-model", "v1"));
            assertThat(e.gitops().to()).isEqualTo(GitOpsRepoResource.image("msg-model", "v2"));
            assertThat(e.gitops().repoUrl()).doesNotContain(GitOpsRepoResource.TOKEN);
            assertThat(e.gitops().commit()).isEqualTo(commitsOf("msg-model").get(0).name());
        });
        assertThat(received("release-status", ReleaseStatus.class, "msg-model")).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        Message<?> message = connector.sink("gitops-updated").received().stream()
                .filter(m -> ((String) m.getPayload()).contains("msg-model")).findFirst().orElseThrow();
        OutgoingKafkaRecordMetadata<?> meta = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(meta.getKey()).isEqualTo("msg-model");
        assertThat(new String(meta.getHeaders().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .isEqualTo("dev.relay.gitops.updated.v1");
        RevCommit commit = commitsOf("msg-model").get(0);
        assertThat(commit.getFooterLines("Relay-Release-Id")).containsExactly("msg-model@v2");
        assertThat(commit.getFooterLines("Relay-Source-Commit")).containsExactly(TestEvents.SOURCE_COMMIT);
    }

    @Test
    void theSameEventDeliveredTwiceMakesOneCommit() {
        String json = codec.encodeToString(TestEvents.migrated("dup-model", "v2"));
        connector.source("modelinfo-migrated").send(json);
        connector.source("modelinfo-migrated").send(json);

        await().atMost(Duration.ofSeconds(60)).until(() -> received("gitops-updated", GitOpsUpdated.class, "dup-model").size() >= 2);
        List<GitOpsUpdated> updated = received("gitops-updated", GitOpsUpdated.class, "dup-model");
        assertThat(updated).extracting(e -> e.gitops().commit()).containsOnly(updated.get(0).gitops().commit());
        assertThat(commitsOf("dup-model")).hasSize(1);
        // the replay re-publishes the result and the final status, but does not start the release again
        await().atMost(Duration.ofSeconds(10)).until(() -> received("release-status", ReleaseStatus.class, "dup-model").size() >= 3);
        assertThat(received("release-status", ReleaseStatus.class, "dup-model")).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded, ReleaseStatus.State.succeeded);
    }

    @Test
    void aModelWithoutTargetFailsTheRelease() {
        connector.source("modelinfo-migrated").send(codec.encodeToString(TestEvents.migrated("ghost-model", "v2")));

        await().atMost(Duration.ofSeconds(60)).until(() -> !received("release-failed", ReleaseFailed.class, "ghost-model").isEmpty());
        ReleaseFailed failed = received("release-failed", ReleaseFailed.class, "ghost-model").get(0);
        assertThat(failed.stage()).isEqualTo("release-bumper");
        assertThat(failed.reason()).isEqualTo("gitops-no-target");
        assertThat(failed.message()).doesNotContain(GitOpsRepoResource.TOKEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> received("release-status", ReleaseStatus.class, "ghost-model").size() >= 2);
        assertThat(received("release-status", ReleaseStatus.class, "ghost-model")).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
    }

    @Test
    void anInvalidRecordIsNackedWithTheFieldNamed() {
        ModelInfoMigrated valid = TestEvents.migrated("msg-model", "v9");
        String broken = codec.encodeToString(valid).replace(TestEvents.SOURCE_COMMIT, "not-a-sha");
        AtomicReference<Throwable> nacked = new AtomicReference<>();
        connector.source("modelinfo-migrated").send(Message.of(broken).withNack(t -> {
            nacked.set(t);
            return CompletableFuture.completedFuture(null);
        }));
        await().atMost(Duration.ofSeconds(30)).until(() -> nacked.get() != null);
        assertThat(nacked.get()).hasMessageContaining("release.commit");
    }
}
