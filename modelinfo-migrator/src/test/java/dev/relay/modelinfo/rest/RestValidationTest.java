package dev.relay.modelinfo.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

import dev.relay.modelinfo.support.ModelRepo;
import dev.relay.modelinfo.support.Runbook;
import dev.relay.testkit.KafkaBrokerResource;
import dev.relay.testkit.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every REST operation refuses malformed input the way the event decoder refuses a malformed event: a 4xx
 * {@code application/problem+json} whose {@code field} names the input at fault (and, for {@code invalid-request},
 * whose {@code detail} starts with it), never a 200 with an empty answer, never a 5xx, and the changelog is untouched.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class RestValidationTest {

    /** A model with one applied migration, so that rows about a known model are not answered 404 for the model. */
    static final String MODEL = "val-model";
    static final String REPO = "file:///srv/git/val-model.git";
    static final String COMMIT = "c".repeat(40);
    static final String IMAGE_ID = "sha256:" + "d".repeat(64);
    private static boolean seeded;

    /**
     * One request and the problem it must get.
     *
     * @param body   the JSON body as sent, null for none
     * @param field  the field the problem must name; null for a problem about the path as a whole (no {@code field})
     * @param reason the problem's reason
     */
    record Row(String method, String path, String body, int status, String field, String reason) {
        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 90 ? body.substring(0, 90) + "…" : body);
            String at = path.length() > 80 ? path.substring(0, 80) + "…" : path;
            return method + " " + at + shown + " → " + status + (field == null ? "" : " " + field);
        }
    }

    static Row migrate(String body, String field) {
        return new Row("POST", "/migrate", body, 400, field, "invalid-request");
    }

    /** {@code fields} of a body, written out after {@code "model": "val-model"}. */
    static String body(String fields) {
        return "{\"model\": \"" + MODEL + "\"" + (fields.isEmpty() ? "" : ", " + fields) + "}";
    }

    /** An up of a release (version and image given): the stage by hand, with {@code image} as written. */
    static String release(String image) {
        return body("\"action\": \"up\", \"version\": \"v1.0.0\", \"repoUrl\": \"" + REPO + "\", \"commit\": \"" + COMMIT + "\""
                + (image == null ? "" : ", \"image\": " + image));
    }

    static Stream<Row> rows() {
        String long300 = "a".repeat(300);
        String at = "\"repoUrl\": \"" + REPO + "\", \"commit\": \"" + COMMIT + "\"";
        return Stream.of(
                // the body itself
                migrate(null, "body"),
                migrate("null", "body"),
                migrate("[]", "body"),
                migrate("\"up\"", "body"),
                migrate("{not json", "body"),
                migrate(body("\"action\": \"down\"") + " trailing", "body"),
                // model
                migrate("{}", "model"),
                migrate("{\"model\": \"\", \"action\": \"down\"}", "model"),
                migrate("{\"model\": 5, \"action\": \"down\"}", "model"),
                migrate("{\"model\": \"Bad Name\", \"action\": \"down\"}", "model"),
                migrate("{\"model\": \"" + long300 + "\", \"action\": \"down\"}", "model"),
                // action
                migrate(body(""), "action"),
                migrate(body("\"action\": \"sideways\""), "action"),
                migrate(body("\"action\": \"UP\""), "action"),
                migrate(body("\"action\": 1"), "action"),
                migrate(body("\"action\": [\"up\"]"), "action"),
                // repoUrl and commit
                migrate(body("\"action\": \"up\""), "repoUrl"),
                migrate(body("\"action\": \"up\", \"repoUrl\": \"" + REPO + "\""), "commit"),
                migrate(body("\"action\": \"down\", \"commit\": \"" + COMMIT + "\""), "repoUrl"),
                migrate(body("\"action\": \"up\", \"repoUrl\": \"" + REPO + "\", \"commit\": \"abc\""), "commit"),
                migrate(body("\"action\": \"up\", \"repoUrl\": \"" + REPO + "\", \"commit\": 123"), "commit"),
                migrate(body("\"action\": \"up\", \"repoUrl\": \"evil;rm -rf /\", \"commit\": \"" + COMMIT + "\""), "repoUrl"),
                migrate(body("\"action\": \"up\", \"repoUrl\": \"https://bot:t0ken@git.example/m.git\", \"commit\": \"" + COMMIT + "\""),
                        "repoUrl"),
                migrate(body("\"action\": \"down\", \"repoUrl\": \"https://bot:t0ken@git.example/m.git\", \"commit\": \"" + COMMIT + "\""),
                        "repoUrl"),
                migrate(body("\"action\": \"up\", \"repoUrl\": 5, \"commit\": \"" + COMMIT + "\""), "repoUrl"),
                migrate(body("\"action\": \"up\", \"repoUrl\": \"https://git.example/" + "m".repeat(3000) + "\", \"commit\": \""
                        + COMMIT + "\""), "repoUrl"),
                // version
                migrate(body("\"action\": \"up\", \"version\": \"v1..0\", " + at), "version"),
                migrate(body("\"action\": \"up\", \"version\": 1, " + at), "version"),
                migrate(body("\"action\": \"up\", \"version\": \"v" + long300 + "\", " + at), "version"),
                // target
                migrate(body("\"action\": \"up\", \"target\": \"1700000000000\", " + at), "target"),
                migrate(body("\"action\": \"down\", \"target\": 5"), "target"),
                migrate(body("\"action\": \"down\", \"target\": \" \""), "target"),
                migrate(body("\"action\": \"down\", \"target\": \"" + long300 + "\""), "target"),
                new Row("POST", "/migrate", body("\"action\": \"down\", \"target\": \"nope\""), 400, "target", "unknown-target"),
                // dryRun
                migrate(body("\"action\": \"down\", \"dryRun\": \"yes\""), "dryRun"),
                migrate(body("\"action\": \"down\", \"dryRun\": \"true\""), "dryRun"),
                migrate(body("\"action\": \"down\", \"dryRun\": 1"), "dryRun"),
                // image, for an up of a release
                migrate(release(null), "image"),
                migrate(release("\"registry.local:5000/val-model:v1.0.0\""), "image"),
                migrate(release("{}"), "image.ref"),
                migrate(release("{\"ref\": \"evil;rm -rf /\", \"id\": \"" + IMAGE_ID + "\"}"), "image.ref"),
                migrate(release("{\"ref\": \"r.io/m:" + long300 + "\", \"id\": \"" + IMAGE_ID + "\"}"), "image.ref"),
                migrate(release("{\"ref\": 5, \"id\": \"" + IMAGE_ID + "\"}"), "image.ref"),
                migrate(release("{\"ref\": \"r.io/m:v1\"}"), "image.id"),
                migrate(release("{\"ref\": \"r.io/m:v1\", \"id\": \"a b\"}"), "image.id"),
                migrate(release("{\"ref\": \"r.io/m:v1\", \"id\": \"" + IMAGE_ID + "\", \"sizeBytes\": -1}"), "image.sizeBytes"),
                migrate(release("{\"ref\": \"r.io/m:v1\", \"id\": \"" + IMAGE_ID + "\", \"sizeBytes\": \"12\"}"), "image.sizeBytes"),
                migrate(release("{\"ref\": \"r.io/m:v1\", \"id\": \"" + IMAGE_ID + "\", \"sizeBytes\": 1.5}"), "image.sizeBytes"),
                // a model this service never migrated
                new Row("POST", "/migrate", "{\"model\": \"never-migrated\", \"action\": \"down\"}", 404, null, "not-found"),
                // GET /migrations/{model}
                new Row("GET", "/migrations/Not_A_Model", null, 400, "model", "invalid-request"),
                new Row("GET", "/migrations/" + long300, null, 400, "model", "invalid-request"),
                new Row("GET", "/migrations/never-migrated", null, 404, null, "not-found"),
                // paths and methods that do not exist
                new Row("GET", "/migrate", null, 405, null, "method-not-allowed"),
                new Row("GET", "/migrations", null, 404, null, "not-found"));
    }

    @BeforeEach
    void aModelWithOneAppliedMigration() {
        if (seeded) {
            return;
        }
        try (ModelRepo repo = new ModelRepo(MODEL)) {
            String commit = repo.write("migrations/" + Runbook.FILE, Runbook.JSON).release("v1.0.0");
            given().contentType(ContentType.JSON).body(Map.of("model", MODEL, "action", "up", "repoUrl", repo.url(), "commit", commit))
                    .post("/migrate").then().statusCode(200).body("applied", contains(Runbook.ID));
        }
        seeded = true;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void malformedInputIsA4xxProblemNamingTheField(Row row) {
        RequestSpecification request = given().contentType("application/json");
        if (row.body() != null) {
            request = request.body(row.body());
        }
        Response response = request.request(row.method(), row.path());
        String answer = response.asString();

        assertThat(response.statusCode()).as("status of %s, answered %s", row, answer).isEqualTo(row.status());
        assertThat(response.contentType()).as("content type of %s", row).startsWith("application/problem+json");
        Map<String, Object> problem = response.jsonPath().getMap("");
        assertThat(problem.get("status")).as(answer).isEqualTo(row.status());
        assertThat(problem.get("reason")).as(answer).isEqualTo(row.reason());
        assertThat(problem.get("type")).as(answer).isEqualTo("urn:relay:problem:" + row.reason());
        assertThat(problem.get("title")).as(answer).isNotNull();
        if (row.field() == null) {
            assertThat(problem).as(answer).doesNotContainKey("field");
        } else {
            assertThat(problem.get("field")).as(answer).isEqualTo(row.field());
            assertThat((String) problem.get("detail")).as(answer)
                    .startsWith(row.reason().equals("invalid-request") ? row.field() + ": " : row.field());
        }
        assertThat(answer).as("the answer does not echo a page of the input, nor a secret").hasSizeLessThan(1000)
                .doesNotContain("t0ken");
        // Nothing was applied or reverted: the model's one migration is still applied.
        given().get("/migrations/" + MODEL).then().statusCode(200).body("state", contains("applied"));
    }
}
