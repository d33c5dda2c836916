package dev.relay.env.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.env.core.FakeProbe;
import dev.relay.env.core.ImageProbe;
import dev.relay.env.core.ModelConfigSource;
import dev.relay.env.core.RelayConfig;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.GitOps;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service's messaging and REST with the in-memory connector and a fake probe (no Docker, no broker). */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class InMemoryMessagingTest {

    static final String COMMIT = "a".repeat(40);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    EventCodec codec;

    FakeProbe probe;

    @BeforeEach
    void fakes() {
        probe = new FakeProbe();
        probe.images.put("mem:v1", Map.of("promote", "1.10", "tiny-dep", "2.0.0"));
        probe.images.put("mem:v2", Map.of("promote", "1.11", "tiny-dep", "2.0.0"));
        QuarkusMock.installMockForType(probe, ImageProbe.class);
        ModelConfigSource configs = (repo, commit) -> new RelayConfig(">=3.8,<3.12", List.of("python -c ok"));
        QuarkusMock.installMockForType(configs, ModelConfigSource.class);
        connector.sink("env-verified").clear();
        connector.sink("release-failed").clear();
        connector.sink("release-status").clear();
    }

    static Release release(String model, String version) {
        return Release.of(model, version, "file:///repos/" + model + ".git", COMMIT, "dev", Instant.parse("2026-01-01T00:00:00Z"));
    }

    static ImageBuilt built(String model, String version, Map<String, String> pins) {
        return new ImageBuilt(release(model, version), new Image("mem:" + version, "sha256:1", null, 1, "relay/python-base:3.11"),
                pins, 2.0);
    }

    <T extends dev.relay.events.RelayEvent> List<T> events(String channel, Class<T> type) {
        InMemorySink<String> sink = connector.sink(channel);
        return sink.received().stream().map(Message::getPayload).map(p -> codec.decode(type, p)).toList();
    }

    static void until(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition reached").isTrue();
    }

    @Test
    void verifiesPublishesStatusCutsOverAndRollsBack() throws Exception {
        connector.source("image-built").send(codec.encodeToString(built("mem-model", "v1", Map.of("promote", "1.10"))));
        until(() -> connector.sink("env-verified").received().size() == 1);
        EnvVerified v1 = events("env-verified", EnvVerified.class).get(0);
        assertThat(v1.release().releaseId()).isEqualTo("mem-model@v1");
        assertThat(v1.checks()).allMatch(dev.relay.events.Check::passed);
        until(() -> connector.sink("release-status").received().size() == 2);
        assertThat(events("release-status", ReleaseStatus.class)).extracting(ReleaseStatus::state, ReleaseStatus::stage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ReleaseStatus.State.started, "env-migrator"),
                        org.assertj.core.groups.Tuple.tuple(ReleaseStatus.State.succeeded, "env-migrator"));

        // Re-delivery: the earlier result again, no second probe.
        connector.source("image-built").send(codec.encodeToString(built("mem-model", "v1", Map.of("promote", "1.10"))));
        until(() -> connector.sink("env-verified").received().size() == 2);
        assertThat(probe.probes).isEqualTo(1);

        connector.source("gitops-updated").send(codec.encodeToString(gitops("mem-model", "v1")));
        until(() -> given().get("/environments/mem-model/current").statusCode() == 200);

        connector.source("image-built").send(codec.encodeToString(built("mem-model", "v2", Map.of("promote", "1.11"))));
        until(() -> connector.sink("env-verified").received().size() == 3);
        EnvVerified v2 = events("env-verified", EnvVerified.class).get(2);
        assertThat(v2.diff().upgraded()).extracting("name", "from", "to")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("promote", "1.10", "1.11"));

        connector.source("gitops-updated").send(codec.encodeToString(gitops("mem-model", "v2")));
        until(() -> "mem-model@v2".equals(given().get("/environments/mem-model/current").path("releaseId")));

        given().post("/environments/mem-model/rollback").then().statusCode(200)
                .body("current", equalTo("mem-model@v1")).body("redeployImage", equalTo("mem:v1"))
                .body("retired", equalTo("mem-model@v2"));
        given().get("/environments/mem-model").then().statusCode(200)
                .body("releaseId", equalTo(List.of("mem-model@v2", "mem-model@v1")))
                .body("state", equalTo(List.of("retired", "current")));
        given().post("/environments/mem-model/rollback").then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
        given().get("/environments/mem-model/diff?from=mem-model@v1&to=mem-model@v2").then().statusCode(200)
                .body("diff.upgraded[0].name", equalTo("promote"));
        given().get("/environments/mem-model/mem-model@v1/spec?format=requirements").then().statusCode(200)
                .body(containsString("promote==1.10\ntiny-dep==2.0.0\n"));
        given().get("/environments/mem-model/mem-model@v1/spec?format=conda").then().statusCode(200)
                .body(containsString("  - python=3.11.2\n"));
        given().get("/environments/mem-model/mem-model@v1/spec?format=poetry").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'requirements' or 'conda'"));
        given().get("/environments/mem-model/diff?from=mem-model@v1").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/environments/mem-model/diff?from=mem-model@v1&to=mem-model@v9").then().statusCode(404);
    }

    @Test
    void aFailedCheckPublishesReleaseFailedWithTheReport() throws Exception {
        connector.source("image-built").send(codec.encodeToString(built("mem-bad", "v1", Map.of("promote", "1.9"))));
        until(() -> connector.sink("release-failed").received().size() == 1);
        ReleaseFailed f = events("release-failed", ReleaseFailed.class).get(0);
        assertThat(f.stage()).isEqualTo("env-migrator");
        assertThat(f.reason()).isEqualTo("env-mismatch");
        assertThat(f.detail()).contains("promote: declared 1.9, installed 1.10");
        assertThat(connector.sink("env-verified").received()).isEmpty();
        until(() -> connector.sink("release-status").received().size() == 2);
        assertThat(events("release-status", ReleaseStatus.class).get(1).state()).isEqualTo(ReleaseStatus.State.failed);
    }

    @Test
    void startedIsPublishedBeforeTheProbe() throws Exception {
        List<Integer> statusesAtProbe = new java.util.concurrent.CopyOnWriteArrayList<>();
        FakeProbe watching = new FakeProbe() {
            @Override
            public dev.relay.env.core.ProbeResult probe(String imageRef, List<String> verifyCommands) {
                statusesAtProbe.add(connector.sink("release-status").received().size());
                return super.probe(imageRef, verifyCommands);
            }
        };
        watching.images.putAll(probe.images);
        QuarkusMock.installMockForType(watching, ImageProbe.class);
        connector.source("image-built").send(codec.encodeToString(built("mem-early", "v1", Map.of())));
        until(() -> connector.sink("release-status").received().size() == 2);
        assertThat(statusesAtProbe).containsExactly(1);
        assertThat(events("release-status", ReleaseStatus.class).get(0).state()).isEqualTo(ReleaseStatus.State.started);
    }

    @Test
    void anUnexpectedErrorEndsTheReleaseWithInternalErrorAndTheConsumerCarriesOn() throws Exception {
        ModelConfigSource broken = (repo, commit) -> {
            if (repo.contains("mem-boom")) {
                // Not a ConfigException: e.g. an unchecked JGit or MongoDB error, with a secret in its message.
                throw new IllegalStateException("cannot reach https://user:s3cret@git.example/mem-boom.git");
            }
            return new RelayConfig(">=3.8,<3.12", List.of());
        };
        QuarkusMock.installMockForType(broken, ModelConfigSource.class);
        connector.source("image-built").send(codec.encodeToString(built("mem-boom", "v1", Map.of())));
        connector.source("image-built").send(codec.encodeToString(built("mem-fine", "v1", Map.of())));
        until(() -> connector.sink("env-verified").received().size() == 1);
        assertThat(events("env-verified", EnvVerified.class).get(0).release().model()).isEqualTo("mem-fine");

        List<ReleaseFailed> failed = events("release-failed", ReleaseFailed.class);
        assertThat(failed).hasSize(1);
        ReleaseFailed f = failed.get(0);
        assertThat(f.release().releaseId()).isEqualTo("mem-boom@v1");
        assertThat(f.stage()).isEqualTo("env-migrator");
        assertThat(f.reason()).isEqualTo("internal-error");
        assertThat(f.message()).contains("IllegalStateException").doesNotContain("s3cret");
        assertThat(String.valueOf(f.detail())).doesNotContain("s3cret");
        until(() -> connector.sink("release-status").received().size() == 4);
        assertThat(events("release-status", ReleaseStatus.class))
                .extracting(s -> s.release().model(), ReleaseStatus::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mem-boom", ReleaseStatus.State.started),
                        org.assertj.core.groups.Tuple.tuple("mem-boom", ReleaseStatus.State.failed),
                        org.assertj.core.groups.Tuple.tuple("mem-fine", ReleaseStatus.State.started),
                        org.assertj.core.groups.Tuple.tuple("mem-fine", ReleaseStatus.State.succeeded));
        // Nothing was recorded for the broken release: a re-delivery verifies it again.
        given().get("/environments/mem-boom").then().statusCode(404);
    }

    @Test
    void aMalformedRecordIsRejectedAndTheConsumerCarriesOn() throws Exception {
        connector.source("image-built").send("{\"release\": {\"model\": \"Bad Name\"}}");
        connector.source("image-built").send(codec.encodeToString(built("mem-after", "v1", Map.of())));
        until(() -> connector.sink("env-verified").received().size() == 1);
        assertThat(events("env-verified", EnvVerified.class).get(0).release().model()).isEqualTo("mem-after");
    }

    @Test
    void restRejectsBadInputAndUnknownModels() {
        given().get("/environments/Not_A_Model").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Bad Request")).body("detail", containsString("model"));
        given().get("/environments/never-seen").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        given().get("/environments/never-seen/current").then().statusCode(404);
        given().post("/environments/never-seen/rollback").then().statusCode(404);
        given().contentType("application/json").body("{\"model\": \"x\"}").post("/verifications").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("image"));
        given().contentType("application/json").body("{not json").post("/verifications").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType("application/json").body("{\"model\": \"x\", \"image\": \"nope:1\"}").post("/verifications")
                .then().statusCode(404).body("detail", containsString("nope:1"));
        given().contentType("application/json")
                .body("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"Tiny_Dep\": \"2.0\"}}")
                .post("/verifications").then().statusCode(200).body("passed", equalTo(true))
                .body("environment.packages.promote", equalTo("1.10"));
    }

    static GitOpsUpdated gitops(String model, String version) {
        return new GitOpsUpdated(release(model, version), new Image("mem:" + version, "sha256:1", null, 1, "relay/python-base:3.11"),
                new GitOps("file:///gitops.git", "main", "b".repeat(40), List.of("deploy/deployment.yml"), "mem:old",
                        "mem:" + version, false));
    }
}
