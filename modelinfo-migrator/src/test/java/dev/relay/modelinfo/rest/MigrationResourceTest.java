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
import dev.relay.modelinfo.support.ModelRepo;
import dev.relay.modelinfo.support.Runbook;
import dev.relay.testkit.KafkaBrokerResource;
import dev.relay.testkit.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
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
        }
    }

    @Test
    void invalidInputIsAProblem() {
        problem(Map.of("model", "Bad Name", "action", "up"), 400, "model");
        problem(Map.of("model", "m", "action", "sideways"), 400, "action must be 'up' or 'down'");
        problem(Map.of("model", "m", "action", "up"), 400, "needs repoUrl and commit");
        problem(Map.of("model", "m", "action", "up", "repoUrl", "file:///x", "commit", "abc"), 400, "commit");
        problem(Map.of("model", "m", "action", "down", "target", "nope"), 400, "target 'nope'");
        given().contentType(ContentType.JSON).body("{not json").post("/migrate").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400));
        given().get("/migrations/Not_A_Model").then().statusCode(400).contentType("application/problem+json");
        given().get("/migrations/never-migrated").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void anInvalidMigrationFileIsNamedInTheProblem() {
        try (ModelRepo repo = new ModelRepo("rest-invalid")) {
            String commit = repo.write("migrations/1700000000000_x.json", "{\"up\": [{\"renameCollection\": {}}], \"down\": []}")
                    .release("v1.0.0");
            given().contentType(ContentType.JSON)
                    .body(Map.of("model", "rest-invalid", "action", "up", "repoUrl", repo.url(), "commit", commit))
                    .post("/migrate").then().statusCode(400).contentType("application/problem+json")
                    .body("reason", equalTo("migration-invalid"))
                    .body("operation", equalTo("up[0] renameCollection"))
                    .body("detail", containsString("1700000000000_x.json"));
        }
    }

    private static void problem(Map<String, Object> body, int status, String detail) {
        given().contentType(ContentType.JSON).body(body).post("/migrate").then().statusCode(status)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid request"))
                .body("status", equalTo(status))
                .body("detail", containsString(detail));
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new java.util.HashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
