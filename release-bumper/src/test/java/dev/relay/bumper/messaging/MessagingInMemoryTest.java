package dev.relay.bumper.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relay.bumper.GitOpsRepoResource;
import dev.relay.bumper.InMemoryProfile;
import dev.relay.bumper.TestEvents;
import dev.relay.bumper.core.GitOpsFixture;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.InvalidEventException;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.RelayEvent;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service's messaging on the in-memory connector, with records that carry Kafka headers
 * ({@link KafkaRecords}), against a real GitOps repository over HTTP.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class MessagingInMemoryTest {

    private static final String CHANNEL = "modelinfo-migrated";
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

    private List<ReleaseStatus.State> states(String model) {
        return received("release-status", ReleaseStatus.class, model).stream().map(ReleaseStatus::state).toList();
    }

    private List<RevCommit> commitsOf(String model) {
        return GitOpsFixture.log(Path.of(bareDir)).stream()
                .filter(c -> c.getFooterLines("Relay-Model").contains(model)).toList();
    }

    /** Sends a record and returns what it was nacked with, once it was. */
    private Throwable nackOf(Message<String> record) {
        AtomicReference<Throwable> nacked = new AtomicReference<>();
        connector.source(CHANNEL).send(record.withNack(t -> {
            nacked.set(t);
            return CompletableFuture.completedFuture(null);
        }));
        await().atMost(Duration.ofSeconds(30)).until(() -> nacked.get() != null);
        return nacked.get();
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void theGoldenMigratedReleaseIsBumpedAndPublishedWithItsModelConfig() {
        ModelInfoMigrated golden = GoldenEvents.event(ModelInfoMigrated.class);
        connector.source(CHANNEL).send(KafkaRecords.event(EventType.MODELINFO_MIGRATED, GoldenEvents.json(EventType.MODELINFO_MIGRATED)));

        await().atMost(Duration.ofSeconds(60)).until(() -> states("hello-model").size() >= 2);
        RevCommit commit = commitsOf("hello-model").get(0);
        assertThat(received("gitops-updated", GitOpsUpdated.class, "hello-model")).singleElement().satisfies(e -> {
            assertThat(e.release()).isEqualTo(golden.release());
            assertThat(e.modelConfig()).isEqualTo(golden.modelConfig());
            assertThat(e.gitops().noop()).isFalse();
            assertThat(e.gitops().files()).containsExactly("apps/hello-model/deployment.yaml");
            assertThat(e.gitops().from()).isEqualTo(GitOpsRepoResource.GOLDEN_BEFORE);
            assertThat(e.gitops().to()).isEqualTo("registry.local:5000/hello-model:v0.0.11");
            assertThat(e.gitops().repoUrl()).doesNotContain(GitOpsRepoResource.TOKEN);
            assertThat(e.gitops().commit()).isEqualTo(commit.name());
        });
        assertThat(states("hello-model")).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        Message<?> message = connector.sink("gitops-updated").received().stream()
                .filter(m -> ((String) m.getPayload()).contains("hello-model")).findFirst().orElseThrow();
        OutgoingKafkaRecordMetadata<?> meta = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(meta.getKey()).isEqualTo("hello-model");
        assertThat(new String(meta.getHeaders().lastHeader(CloudEvents.TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo("dev.relay.gitops.updated.v1");
        assertThat(new String(meta.getHeaders().lastHeader(CloudEvents.SOURCE).value(), StandardCharsets.UTF_8))
                .isEqualTo("/relay/release-bumper");
        assertThat(commit.getFooterLines("Relay-Release-Id")).containsExactly("hello-model@v0.0.11");
        assertThat(commit.getFooterLines("Relay-Source-Commit")).containsExactly(golden.release().commit());
        assertThat(metrics()).contains("relay_stage_runs_total{reason=\"none\",result=\"succeeded\",stage=\"release-bumper\"}")
                .contains("relay_stage_duration_seconds_bucket{result=\"succeeded\",stage=\"release-bumper\",le=");
    }

    @Test
    void theSameEventDeliveredTwiceMakesOneCommitAndTheSameTimelineTwice() {
        ModelInfoMigrated event = TestEvents.migrated("dup-model", "v2");
        connector.source(CHANNEL).send(KafkaRecords.event(event));
        connector.source(CHANNEL).send(KafkaRecords.event(event));

        await().atMost(Duration.ofSeconds(60)).until(() -> states("dup-model").size() >= 4);
        List<GitOpsUpdated> updated = received("gitops-updated", GitOpsUpdated.class, "dup-model");
        assertThat(updated).hasSize(2);
        assertThat(updated.get(1)).isEqualTo(updated.get(0));
        assertThat(commitsOf("dup-model")).hasSize(1);
        assertThat(states("dup-model")).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded,
                ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(metrics()).contains("relay_stage_runs_total{reason=\"none\",result=\"replayed\",stage=\"release-bumper\"} 1.0");
    }

    @Test
    void aModelWithoutTargetFailsTheRelease() {
        connector.source(CHANNEL).send(KafkaRecords.event(TestEvents.migrated("ghost-model", "v2")));

        await().atMost(Duration.ofSeconds(60)).until(() -> states("ghost-model").size() >= 2);
        ReleaseFailed failed = received("release-failed", ReleaseFailed.class, "ghost-model").get(0);
        assertThat(failed.stage()).isEqualTo("release-bumper");
        assertThat(failed.reason()).isEqualTo("gitops-no-target");
        assertThat(failed.message()).startsWith("no reference to registry.example.com:5000/team/ghost-model ")
                .doesNotContain(GitOpsRepoResource.TOKEN);
        assertThat(states("ghost-model")).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
        assertThat(metrics()).contains(
                "relay_stage_runs_total{reason=\"gitops-no-target\",result=\"failed\",stage=\"release-bumper\"} 1.0");
    }

    @Test
    void anInvalidRecordIsNackedWithTheFieldAndTheValueNamed() {
        String golden = GoldenEvents.json(EventType.MODELINFO_MIGRATED);
        String broken = golden.replace("0123456789abcdef0123456789abcdef01234567", "not-a-sha");
        assertThat(broken).isNotEqualTo(golden);

        Throwable nacked = nackOf(KafkaRecords.record("modelinfo.migrated", "hello-model", broken,
                Map.of(CloudEvents.TYPE, EventType.MODELINFO_MIGRATED.ceType())));

        assertThat(nacked).isInstanceOfSatisfying(InvalidEventException.class, e -> {
            assertThat(e.field()).isEqualTo("release.commit");
            assertThat(e.getMessage()).isEqualTo("release.commit: 'not-a-sha' is not a full 40-hex commit id");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dev.relay.env.verified.v1"})
    void aRecordWithoutItsCeTypeIsNackedNamingTheHeader(String ceType) {
        String model = ceType.isEmpty() ? "untyped-model" : "mistyped-model";
        String json = GoldenEvents.json(EventType.MODELINFO_MIGRATED, TestEvents.migrated(model, "v1").release());
        Map<String, String> headers = new HashMap<>(Map.of(CloudEvents.SUBJECT, model));
        if (!ceType.isEmpty()) {
            headers.put(CloudEvents.TYPE, ceType);
        }

        Throwable nacked = nackOf(KafkaRecords.record("modelinfo.migrated", model, json, headers));

        assertThat(nacked).isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("ce_type"));
        assertThat(nacked.getMessage()).contains(ceType.isEmpty() ? "header is missing" : "'dev.relay.env.verified.v1' is not");
        // refused before the stage ran: not even started
        assertThat(states(model)).isEmpty();
    }
}
