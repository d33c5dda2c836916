package dev.relay.env.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.env.core.FakeProbe;
import dev.relay.env.core.ImageProbe;
import dev.relay.env.core.ImagePuller;
import dev.relay.env.core.ModelConfigSource;
import dev.relay.events.EventCodec;
import dev.relay.events.GitOps;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.ModelConfig;
import dev.relay.events.RebuildRequested;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.RolloutRequested;
import dev.relay.testkit.KafkaRecords;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** Inventory, export, marks and a campaign's REST API and events, on the in-memory connector with a fake probe. */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class CampaignRestTest {

    static final String COMMIT = "c".repeat(40);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    EventCodec codec;

    static Release release(String model) {
        return Release.of(model, "v1", "file:///repos/" + model + ".git", COMMIT, "dev", Instant.parse("2026-12-01T00:00:00Z"));
    }

    void send(String channel, RelayEvent event) {
        connector.source(channel).send(KafkaRecords.event(event));
    }

    <T extends RelayEvent> List<T> events(String channel, Class<T> type) {
        return connector.<String>sink(channel).received().stream().map(Message::getPayload).map(p -> codec.decode(type, p)).toList();
    }

    static void until(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition reached").isTrue();
    }

    static GitOps gitops(String from, String to) {
        return new GitOps("file:///repos/gitops.git", "main", "d".repeat(40), List.of("apps/x.yml"), from, to, false);
    }

    String current(String model) {
        return given().get("/environments/" + model + "/current").then().statusCode(200).extract().path("releaseId");
    }

    @Test
    void inventoryExportMarksAndACampaignThroughCutoverAndRollback() throws Exception {
        FakeProbe probe = new FakeProbe();
        Map<String, String> v1 = Map.of("promote", "1.10", "numpy", "1.26.4");
        probe.images.put("camp-a:v1", v1);
        probe.images.put("camp-b:v1", v1);
        QuarkusMock.installMockForType(probe, ImageProbe.class);
        // the fake probe's images are in no registry: nothing to pull (RegistryPullTest pulls for real)
        QuarkusMock.installMockForType(ImagePuller.NONE, ImagePuller.class);
        QuarkusMock.installMockForType((ModelConfigSource) (repo, commit) -> ModelConfig.ABSENT, ModelConfigSource.class);
        connector.sink("rebuild-requested").clear();
        connector.sink("rollout-requested").clear();
        for (String model : List.of("camp-a", "camp-b")) {
            Image image = new Image(model + ":v1", "sha256:1", null, 1, "relay/python-base:3.11");
            send("image-built", new ImageBuilt(release(model), image, v1, 1.0, ModelConfig.ABSENT));
            until(() -> given().get("/environments/" + model).statusCode() == 200);
            send("gitops-updated", new GitOpsUpdated(release(model), image, gitops("x:0", model + ":v1")));
            until(() -> given().get("/environments/" + model + "/current").statusCode() == 200);
        }

        given().get("/environments").then().statusCode(200)
                .body("find { it.model == 'camp-a' }.currentRelease", equalTo("camp-a@v1"))
                .body("find { it.model == 'camp-a' }.packages", equalTo(2))
                .body("find { it.model == 'camp-a' }.python", equalTo("3.11.2"))
                .body("find { it.model == 'camp-a' }.mark", equalTo("replicate"));
        given().contentType(ContentType.JSON).body("{\"mark\":\"retire\"}").put("/environments/camp-b/mark").then()
                .statusCode(200).body("mark", equalTo("retire"));
        given().contentType(ContentType.JSON).body("{\"mark\":\"keep\"}").put("/environments/camp-b/mark").then()
                .statusCode(400).body("field", equalTo("mark"));
        given().contentType(ContentType.JSON).body("{\"mark\":\"retire\"}").put("/environments/camp-none/mark").then().statusCode(404);

        byte[] zip = given().get("/environments/export").then().statusCode(200).contentType("application/zip").extract().asByteArray();
        Map<String, String> files = unzip(zip);
        assertThat(files.get("camp-b/requirements.txt")).as("retired models are still exported").contains("numpy==1.26.4\npromote==1.10\n");
        assertThat(files.get("camp-a/environment.yml")).contains("  - python=3.11.2", "      - promote==1.10");

        String body = "{\"name\":\"Py 3.13\",\"baseImage\":\"relay/python-base:3.13\",\"platformPackage\":\"promote==2.0\","
                + "\"models\":[\"camp-a\",\"camp-b\"]}";
        given().contentType(ContentType.JSON).body(body).post("/campaigns").then().statusCode(400)
                .body("detail", containsString("camp-b is marked 'retire'"));
        given().contentType(ContentType.JSON).body(body.replace("camp-b", "camp-zz")).post("/campaigns").then().statusCode(400)
                .body("field", equalTo("models")).body("detail", containsString("model camp-zz does not exist"));
        given().contentType(ContentType.JSON).body(body.replace("[\"camp-a\",\"camp-b\"]", "[]")).post("/campaigns").then()
                .statusCode(400).body("detail", containsString("no model selected"));
        given().contentType(ContentType.JSON).body(body.replace("relay/python-base:3.13", "Not An Image!")).post("/campaigns")
                .then().statusCode(400).body("field", equalTo("baseImage"));
        given().contentType(ContentType.JSON).body(body.replace("promote==2.0", "promote>=2")).post("/campaigns")
                .then().statusCode(400).body("field", equalTo("platformPackage"));
        given().contentType(ContentType.JSON).body("{\"mark\":\"replicate\"}").put("/environments/camp-b/mark").then().statusCode(200);

        String id = given().contentType(ContentType.JSON).body(body).post("/campaigns").then().statusCode(202)
                .body("state", equalTo("running")).body("models", equalTo(2)).extract().path("campaignId");
        assertThat(id).startsWith("py-3-13-");
        given().contentType(ContentType.JSON).body(body).post("/campaigns").then().statusCode(409)
                .body("detail", containsString("already in running campaign " + id));

        until(() -> connector.sink("rebuild-requested").received().size() == 2);
        List<RebuildRequested> rebuilds = events("rebuild-requested", RebuildRequested.class);
        assertThat(rebuilds).extracting(r -> r.release().releaseId())
                .containsExactly("camp-a@v1~campaign-" + id, "camp-b@v1~campaign-" + id);
        Map<String, String> v2 = Map.of("promote", "2.0", "numpy", "2.1.0");
        probe.images.put("camp-a:v1-" + id, v2);
        Image rebuilt = new Image("camp-a:v1-" + id, "sha256:2", null, 2, "relay/python-base:3.13");
        send("image-built", new ImageBuilt(rebuilds.get(0).release(), rebuilt, v2, 3.0, ModelConfig.ABSENT, rebuilds.get(0).campaign()));
        send("campaign-failures", new ReleaseFailed(rebuilds.get(1).release(), "image-builder", "build-failed", "pip install failed",
                "ERROR: No matching distribution found for numpy==1.21.0"));

        until(() -> "finished".equals(given().get("/campaigns/" + id).path("state")));
        given().get("/campaigns/" + id).then().statusCode(200)
                .body("counts.total", equalTo(2)).body("counts.passed", equalTo(1)).body("counts.failed", equalTo(1))
                .body("failuresByCause.'unavailable: numpy'", equalTo(List.of("camp-b")))
                .body("rows.find { it.model == 'camp-a' }.pythonTo", equalTo("3.11.2"))
                .body("rows.find { it.model == 'camp-b' }.stage", equalTo("image-builder"));
        assertThat(events("env-verified", dev.relay.events.EnvVerified.class)).noneMatch(e -> e.release().releaseId().contains("~campaign-"));
        given().get("/campaigns/" + id + "/report.csv").then().statusCode(200).contentType(containsString("text/csv"))
                .body(containsString("camp-b,camp-b@v1,failed,unavailable: numpy,image-builder"));
        given().get("/campaigns/" + id + "/report.md").then().statusCode(200).body(containsString("| unavailable: numpy | camp-b | 1 |"));
        given().get("/campaigns").then().statusCode(200).body("campaignId", org.hamcrest.Matchers.hasItem(id));
        given().get("/campaigns/nope").then().statusCode(404);

        given().contentType(ContentType.JSON).body("{}").post("/campaigns/" + id + "/cutover").then().statusCode(200)
                .body("state", equalTo("cut-over"))
                .body("models.find { it.model == 'camp-a' }.outcome", equalTo("requested"))
                .body("models.find { it.model == 'camp-b' }.outcome", equalTo("skipped"));
        until(() -> connector.sink("rollout-requested").received().size() == 1);
        RolloutRequested cut = events("rollout-requested", RolloutRequested.class).get(0);
        assertThat(cut.image().ref()).isEqualTo("camp-a:v1-" + id);
        send("gitops-updated", new GitOpsUpdated(cut.release(), cut.image(), gitops("camp-a:v1", cut.image().ref()), null, cut.campaign()));
        until(() -> current("camp-a").equals("camp-a@v1~campaign-" + id));
        assertThat(current("camp-b")).isEqualTo("camp-b@v1");

        given().post("/campaigns/" + id + "/rollback").then().statusCode(200).body("state", equalTo("rolled-back"))
                .body("models.find { it.model == 'camp-a' }.outcome", equalTo("requested"));
        until(() -> connector.sink("rollout-requested").received().size() == 2);
        RolloutRequested back = events("rollout-requested", RolloutRequested.class).get(1);
        assertThat(back.image().ref()).isEqualTo("camp-a:v1");
        send("gitops-updated", new GitOpsUpdated(back.release(), back.image(), gitops(cut.image().ref(), "camp-a:v1"), null, back.campaign()));
        until(() -> current("camp-a").equals("camp-a@v1"));
        given().get("/campaigns/" + id).then().body("rows.find { it.model == 'camp-a' }.rollout", equalTo("rolled-back"));
    }

    static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
