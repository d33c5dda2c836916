package dev.relay.bumper.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relay.bumper.GitOpsRepoResource;
import dev.relay.bumper.InMemoryProfile;
import dev.relay.bumper.TestEvents;
import dev.relay.bumper.core.GitOpsFixture;
import dev.relay.events.EventCodec;
import dev.relay.events.GitOpsReverted;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Release;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.RelayEvent;
import dev.relay.events.RollbackRequested;
import dev.relay.testkit.KafkaRecords;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * POST /rollbacks through the rollback stage on the in-memory connector, against the real GitOps repository:
 * planning refusals, a dry run, a rollback, its hold, GET /rollbacks/{id} fed by the progress channel, the 409.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class RollbackInMemoryTest {

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

    private void release(String model, String version) {
        int before = received("gitops-updated", GitOpsUpdated.class, model).size();
        connector.source("modelinfo-migrated").send(KafkaRecords.event(TestEvents.migrated(model, version)));
        await().atMost(Duration.ofSeconds(60)).until(() -> received("gitops-updated", GitOpsUpdated.class, model).size() > before);
    }

    private String post(String body, int status) {
        return given().contentType(ContentType.JSON).body(body).when().post("/rollbacks")
                .then().statusCode(status).extract().asString();
    }

    /** What POST /rollbacks published, handed to the stage's own channel as the broker would; its outcome. */
    private GitOpsReverted travel(String rollbackId) {
        RollbackRequested request = received("rollback-requested", RollbackRequested.class, "rb-model").stream()
                .filter(r -> r.release().releaseId().equals(rollbackId)).findFirst().orElseThrow();
        connector.source("rollback-requests").send(KafkaRecords.event(request));
        await().atMost(Duration.ofSeconds(60)).until(() -> received("gitops-reverted", GitOpsReverted.class, "rb-model").stream()
                .anyMatch(g -> g.release().releaseId().equals(rollbackId)));
        GitOpsReverted reverted = received("gitops-reverted", GitOpsReverted.class, "rb-model").stream()
                .filter(g -> g.release().releaseId().equals(rollbackId)).findFirst().orElseThrow();
        // The progress channel reads what the stage published, as it reads the topics.
        for (ReleaseStatus s : received("release-status", ReleaseStatus.class, "rb-model")) {
            if (s.release().releaseId().equals(rollbackId)) {
                connector.source("rollback-progress").send(KafkaRecords.event(s));
            }
        }
        connector.source("rollback-progress").send(KafkaRecords.event(reverted));
        return reverted;
    }

    private String file() {
        return GitOpsFixture.read(Path.of(bareDir), Path.of(bareDir).getParent().resolve("scratch-" + System.nanoTime()),
                "apps/rb-model/deployment.yaml");
    }

    @Test
    void aRollbackIsPlannedDryRunThenDoneAndHoldsWhatItUndid() {
        release("rb-model", "v2");
        String afterV2 = file();
        release("rb-model", "v3");

        assertThat(post("{\"model\":\"rb-model\",\"to\":\"v9\"}", 400)).contains("\"field\":\"to\"").contains("never released");
        assertThat(post("{\"model\":\"rb-model\",\"to\":\"v3\"}", 400)).contains("\"field\":\"to\"").contains("is the current release");
        assertThat(post("{\"model\":\"never-model\"}", 400)).contains("\"field\":\"model\"");
        assertThat(post("{\"model\":\"Bad Model\"}", 400)).contains("\"field\":\"model\"");
        assertThat(post("{\"model\":\"rb-model\",\"rollbackId\":\"NOT OK\"}", 400)).contains("\"field\":\"rollbackId\"");

        String dry = post("{\"model\":\"rb-model\",\"to\":\"v2\",\"reason\":\"try\",\"dryRun\":true,\"rollbackId\":\"dry1\"}", 202);
        assertThat(dry).contains("\"rollbackId\":\"rb-model@v2~rollback-dry1\"").contains("\"from\":\"v3\"")
                .contains("\"undoes\":[\"rb-model@v3\"]").contains("\"state\":\"requested\"");
        GitOpsReverted plan = travel("rb-model@v2~rollback-dry1");
        assertThat(plan.rollback().dryRun()).isTrue();
        assertThat(plan.gitops().to()).isEqualTo(GitOpsRepoResource.image("rb-model", "v2"));
        assertThat(file()).as("a dry run changes nothing").isNotEqualTo(afterV2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given().when().get("/rollbacks/rb-model@v2~rollback-dry1")
                .then().statusCode(200).extract().asString()).contains("\"state\":\"running\"").contains("\"dryRun\":true")
                .contains("\"from\":\"v3\""));

        post("{\"model\":\"rb-model\",\"reason\":\"v3 is broken\",\"rollbackId\":\"real1\"}", 202);
        GitOpsReverted done = travel("rb-model@v2~rollback-real1");
        assertThat(done.rollback().releases()).extracting("releaseId").containsExactly("rb-model@v3");
        assertThat(file()).isEqualTo(afterV2);
        assertThat(GitOpsFixture.log(Path.of(bareDir)).get(0).getFooterLines("Relay-Rollback-Id")).containsExactly("rb-model@v2~rollback-real1");

        assertThat(given().when().get("/holds").then().statusCode(200).extract().asString())
                .contains("{\"model\":\"rb-model\",\"version\":\"v3\",\"releaseId\":\"rb-model@v3\",\"heldBy\":\"rb-model@v2~rollback-real1\"}");
        given().when().delete("/holds/rb-model/v2").then().statusCode(404);
        given().when().delete("/holds/rb-model/v3").then().statusCode(200);
        assertThat(given().when().get("/holds").then().statusCode(200).extract().asString()).doesNotContain("rb-model@v3");
        given().when().get("/rollbacks/rb-model@v2~rollback-nope").then().statusCode(404);
        given().when().get("/rollbacks/not-a-rollback").then().statusCode(400);
    }

    @Test
    void aRollbackWaitsForAReleaseOfTheModelThatIsUnderWay() {
        release("rb-busy-model", "v2");
        release("rb-busy-model", "v3");
        Release v4 = Release.of("rb-busy-model", "v4", "https://git.example.com/models/rb-busy-model.git", TestEvents.SOURCE_COMMIT,
                "alice", Instant.now());
        connector.source("rollback-progress").send(KafkaRecords.event(new ReleaseStatus(v4, "image-builder",
                ReleaseStatus.State.started, Instant.now(), 0)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(post("{\"model\":\"rb-busy-model\"}", 409)).contains("rb-busy-model@v4").contains("in-flight"));
    }
}
