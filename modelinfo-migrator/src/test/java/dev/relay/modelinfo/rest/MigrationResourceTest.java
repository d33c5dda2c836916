package dev.relay.modelinfo.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.Topics;
import dev.relay.modelinfo.support.ModelRepo;
import dev.relay.modelinfo.support.Runbook;
import dev.relay.testkit.KafkaBrokerResource;
import dev.relay.testkit.KafkaTestClient;
import dev.relay.testkit.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class MigrationResourceTest {

    @Inject
    MongoClient mongo;

    @Test
    void upDryRunUpDownAndTheChangelog() {
        MongoCollection<Document> modelinfo = mongo.getDatabase("relay").getCollection("modelinfo");
        modelinfo.insertMany(Runbook.documents("rest-model", 0, 30));
        List<Document> before = modelinfo.find(Filters.eq("model", "rest-model")).sort(new Document("_id", 1)).into(new ArrayList<>());
        try (ModelRepo repo = new ModelRepo("rest-model")) {
            String commit = repo.write("migrations/" + Runbook.FILE, Runbook.JSON).release("v1.0.0");
            Map<String, Object> up = Map.of("model", "rest-model", "action", "up", "repoUrl", repo.url(), "commit", commit);

            given().contentType(ContentType.JSON).body(with(up, "dryRun", true)).post("/migrate").then().statusCode(200)
                    .body("dryRun", equalTo(true))
                    .body("applied", contains(Runbook.ID))
                    .body("operations", hasSize(1))
                    .body("operations[0].operation", equalTo("up[0] setComputed"))
                    .body("operations[0].matched", equalTo(30));
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "rest-model"), Filters.exists("baz")))).isZero();

            given().contentType(ContentType.JSON).body(up).post("/migrate").then().statusCode(200)
                    .body("applied", contains(Runbook.ID)).body("collection", equalTo("modelinfo"));
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "rest-model"), Filters.exists("baz")))).isEqualTo(30);

            given().get("/migrations/rest-model").then().statusCode(200)
                    .body("", hasSize(1))
                    .body("[0].migrationId", equalTo(Runbook.ID))
                    .body("[0].state", equalTo("applied"))
                    .body("[0].matched", equalTo(30))
                    .body("[0].checksum", equalTo(Runbook.migration().checksum()));

            // Down needs neither the repository nor the commit: the changelog keeps the source.
            given().contentType(ContentType.JSON).body(Map.of("model", "rest-model", "action", "down", "dryRun", true))
                    .post("/migrate").then().statusCode(200)
                    .body("reverted", contains(Runbook.ID)).body("operations[0].matched", equalTo(30));
            given().contentType(ContentType.JSON).body(Map.of("model", "rest-model", "action", "down"))
                    .post("/migrate").then().statusCode(200).body("reverted", contains(Runbook.ID));
            assertThat(modelinfo.find(Filters.eq("model", "rest-model")).sort(new Document("_id", 1)).into(new ArrayList<>()))
                    .isEqualTo(before);
            given().get("/migrations/rest-model").then().body("[0].state", equalTo("rolled-back"));
            given().contentType(ContentType.JSON).body(Map.of("model", "rest-model", "action", "down", "target", "nope"))
                    .post("/migrate").then().statusCode(400).contentType("application/problem+json")
                    .body("reason", equalTo("unknown-target"))
                    .body("detail", equalTo("target 'nope' is not a migration of this model's changelog"));
        }
    }

    @Test
    void invalidInputIsAProblem() {
        problem(Map.of("model", "Bad Name", "action", "up"), 400, "model: 'Bad Name' is not a model name");
        problem(Map.of("model", "m", "action", "sideways"), 400, "action: must be 'up' or 'down', got 'sideways'");
        problem(Map.of("model", "m", "action", "up"), 400, "needs repoUrl and commit");
        problem(Map.of("model", "m", "action", "up", "repoUrl", "file:///x", "commit", "abc"), 400,
                "commit: 'abc' is not a full 40-hex commit id");
        // A model without a changelog has nothing to revert: 404, whatever the target.
        given().contentType(ContentType.JSON).body(Map.of("model", "m", "action", "down", "target", "nope")).post("/migrate")
                .then().statusCode(404).contentType("application/problem+json")
                .body("reason", equalTo("not-found"))
                .body("detail", equalTo("no migration of model m was ever recorded here"));
        given().contentType(ContentType.JSON).body("{not json").post("/migrate").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400)).body("reason", equalTo("invalid-request"));
        given().get("/migrations/Not_A_Model").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("model: 'Not_A_Model' is not a model name ([a-z0-9][a-z0-9-]{0,62})"));
        given().get("/nowhere").then().statusCode(404).contentType("application/problem+json")
                .body("reason", equalTo("not-found")).body("title", equalTo("Not Found"));
        given().get("/migrations/never-migrated").then().statusCode(404).contentType("application/problem+json")
                .body("reason", equalTo("not-found")).body("detail", equalTo("no migration of model never-migrated was ever recorded here"));
    }

    @Test
    void anInvalidMigrationFileIsNamedInTheProblem() {
        try (ModelRepo repo = new ModelRepo("rest-invalid")) {
            String commit = repo.write("migrations/1700000000000_x.json", "{\"up\": [{\"renameCollection\": {}}], \"down\": []}")
                    .release("v1.0.0");
            given().contentType(ContentType.JSON)
                    .body(Map.of("model", "rest-invalid", "action", "up", "repoUrl", repo.url(), "commit", commit))
                    .post("/migrate").then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:relay:problem:migration-invalid"))
                    .body("title", equalTo("Bad Request"))
                    .body("status", equalTo(400))
                    .body("reason", equalTo("migration-invalid"))
                    .body("detail", equalTo("1700000000000_x.json: up[0] renameCollection: unknown operation 'renameCollection' "
                            + "(allowed: updateMany, setComputed, createIndex, dropIndex, deleteMany)"));
        }
    }

    @Test
    void upOfAReleaseIsTheStageByHandPublishingItsEventsAndReplayingWhenRepeated() {
        MongoCollection<Document> modelinfo = mongo.getDatabase("relay").getCollection("modelinfo");
        modelinfo.insertMany(Runbook.documents("rest-release", 0, 20));
        try (ModelRepo repo = new ModelRepo("rest-release"); KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.bootstrapServers())) {
            String commit = repo.write("relay.yaml", "model: rest-release\nmigrations: db/mi\n")
                    .write("db/mi/" + Runbook.FILE, Runbook.JSON).release("v1.0.0");
            Map<String, Object> up = Map.of("model", "rest-release", "action", "up", "version", "v1.0.0", "repoUrl", repo.url(),
                    "commit", commit, "image", Map.of("ref", "registry.local:5000/rest-release:v1.0.0", "id", "sha256:" + "c".repeat(64)));

            for (int i = 0; i < 2; i++) { // the second request replays the stored outcome
                given().contentType(ContentType.JSON).body(up).post("/migrate").then().statusCode(200)
                        .body("release.releaseId", equalTo("rest-release@v1.0.0"))
                        .body("release.commit", equalTo(commit))
                        .body("image.ref", equalTo("registry.local:5000/rest-release:v1.0.0"))
                        .body("migrations.applied", contains(Runbook.ID))
                        .body("migrations.collection", equalTo("modelinfo"));
            }
            assertThat(modelinfo.countDocuments(Filters.and(Filters.eq("model", "rest-release"), Filters.exists("baz")))).isEqualTo(20);
            given().get("/migrations/rest-release").then().body("[0].releaseId", equalTo("rest-release@v1.0.0"));

            List<ModelInfoMigrated> published = kafka.readEvents(ModelInfoMigrated.class, Topics.MODELINFO_MIGRATED,
                    e -> e.release().releaseId().equals("rest-release@v1.0.0"), 2, Duration.ofSeconds(60));
            assertThat(published.get(1)).isEqualTo(published.get(0));
            assertThat(published.get(0).release().taggedBy()).isEqualTo("rest");
            assertThat(kafka.readEvents(ReleaseStatus.class, Topics.RELEASE_STATUS,
                    e -> e.release().releaseId().equals("rest-release@v1.0.0"), 4, Duration.ofSeconds(60)))
                    .extracting(ReleaseStatus::state).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded,
                            ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        }
    }

    @Test
    void aFailedReleaseByHandIsAProblemWithItsReason() {
        try (ModelRepo repo = new ModelRepo("rest-moved")) {
            String v1 = repo.write("README.md", "v1").release("v1.0.0");
            String v2 = repo.write("README.md", "v2").release("v2.0.0");
            Map<String, Object> image = Map.of("ref", "registry.local:5000/rest-moved:v1.0.0", "id", "sha256:" + "d".repeat(64));

            // v2.0.0 is tagged at v2, not at v1: the request names the wrong commit for the tag.
            given().contentType(ContentType.JSON)
                    .body(Map.of("model", "rest-moved", "action", "up", "version", "v2.0.0", "repoUrl", repo.url(),
                            "commit", v1, "image", image))
                    .post("/migrate").then().statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("urn:relay:problem:tag-moved"))
                    .body("title", equalTo("Conflict"))
                    .body("reason", equalTo("tag-moved"))
                    .body("detail", equalTo("tag 'v2.0.0' now points at " + v2 + ", not at the released commit " + v1 + " in "
                            + repo.url() + "; nothing was migrated"));
            problem(Map.of("model", "rest-moved", "action", "up", "version", "v1.0.0", "repoUrl", repo.url(), "commit", v1),
                    400, "image: {ref, id} is required");
            problem(Map.of("model", "rest-moved", "action", "up", "version", "v1..0", "repoUrl", repo.url(), "commit", v1,
                    "image", image), 400, "version: 'v1..0' is not a valid git tag");
        }
    }

    private static void problem(Map<String, Object> body, int status, String detail) {
        given().contentType(ContentType.JSON).body(body).post("/migrate").then().statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:relay:problem:invalid-request"))
                .body("title", equalTo("Bad Request"))
                .body("status", equalTo(status))
                .body("reason", equalTo("invalid-request"))
                .body("detail", containsString(detail));
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new java.util.HashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
