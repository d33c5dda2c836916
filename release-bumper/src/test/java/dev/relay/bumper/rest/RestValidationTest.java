package dev.relay.bumper.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.bumper.GitOpsRepoResource;
import dev.relay.bumper.InMemoryProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every REST operation refuses malformed input the way the event decoder refuses a malformed event: a 4xx
 * {@code application/problem+json} whose {@code field} names the input at fault (and whose {@code detail}
 * starts with it), never a 200 with an empty answer, never a 5xx, and nothing is bumped or published.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class RestValidationTest {

    /** A model the GitOps repository has no target for: a row that got past validation would not move any image. */
    static final String IMAGE = GitOpsRepoResource.image("val-model", "v7");

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    /**
     * One request and the problem it must get.
     *
     * @param body  the JSON body as sent, null for none
     * @param field the field the problem must name; null for a problem about the path as a whole (no {@code field})
     */
    record Row(String method, String path, String body, int status, String field) {
        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 80 ? body.substring(0, 80) + "…" : body);
            String at = path.length() > 80 ? path.substring(0, 80) + "…" : path;
            return method + " " + at + shown + " → " + status + (field == null ? "" : " " + field);
        }
    }

    static Row bump(String body, String field) {
        return new Row("POST", "/bumps", body, 400, field);
    }

    static String body(String model, String image) {
        return "{\"model\": " + model + ", \"image\": " + image + "}";
    }

    static Stream<Row> rows() {
        String long300 = "a".repeat(300);
        String image = "\"" + IMAGE + "\"";
        return Stream.of(
                // POST /bumps: the body itself
                bump(null, "body"),
                bump("null", "body"),
                bump("[]", "body"),
                bump(image, "body"),
                bump("{not json", "body"),
                bump(body("\"val-model\"", image) + " trailing", "body"),
                // model
                bump("{\"image\": " + image + "}", "model"),
                bump(body("\"\"", image), "model"),
                bump(body("5", image), "model"),
                bump(body("[\"val-model\"]", image), "model"),
                bump(body("\"Bad_Model\"", image), "model"),
                bump(body("\"" + long300 + "\"", image), "model"),
                // image
                bump("{\"model\": \"val-model\"}", "image"),
                bump(body("\"val-model\"", "\"\""), "image"),
                bump(body("\"val-model\"", "5"), "image"),
                bump(body("\"val-model\"", "{\"ref\": " + image + "}"), "image"),
                bump(body("\"val-model\"", "\"evil;rm -rf /\""), "image"),
                bump(body("\"val-model\"", "\"Not An Image!\""), "image"),
                bump(body("\"val-model\"", "\"registry.example.com:5000/team/val-model\""), "image"),
                bump(body("\"val-model\"", "\"registry.example.com:5000/team/val-model:" + "v".repeat(600) + "\""), "image"),
                // version
                bump("{\"model\": \"val-model\", \"image\": " + image + ", \"version\": 7}", "version"),
                bump("{\"model\": \"val-model\", \"image\": " + image + ", \"version\": \"\"}", "version"),
                bump("{\"model\": \"val-model\", \"image\": " + image + ", \"version\": \"v1..0\"}", "version"),
                bump("{\"model\": \"val-model\", \"image\": " + image + ", \"version\": \"v" + long300 + "\"}", "version"),
                bump(body("\"val-model\"", "\"registry.example.com:5000/team/val-model@sha256:" + "d".repeat(64) + "\""), "version"),
                // POST /bumps/{model}/rollback
                new Row("POST", "/bumps/Bad_Model/rollback", null, 400, "model"),
                new Row("POST", "/bumps/" + long300 + "/rollback", null, 400, "model"),
                // GET /bumps/{model}
                new Row("GET", "/bumps/Bad_Model", null, 400, "model"),
                new Row("GET", "/bumps/" + long300, null, 400, "model"),
                new Row("GET", "/bumps/never-bumped", null, 404, null),
                // paths and methods that do not exist
                new Row("GET", "/bumps", null, 405, null),
                new Row("GET", "/bumps/val-model/rollback", null, 405, null),
                new Row("DELETE", "/bumps/val-model", null, 405, null),
                new Row("GET", "/nothing/here", null, 404, null));
    }

    @BeforeEach
    void clearSinks() {
        connector.sink("gitops-updated").clear();
        connector.sink("release-failed").clear();
        connector.sink("release-status").clear();
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
        assertThat(problem.get("type")).as(answer).isEqualTo("urn:relay:problem:" + problem.get("reason"));
        assertThat(problem.get("title")).as(answer).isNotNull();
        if (row.field() == null) {
            assertThat(problem).as(answer).doesNotContainKey("field");
        } else {
            assertThat(problem.get("field")).as(answer).isEqualTo(row.field());
            assertThat((String) problem.get("detail")).as(answer).startsWith(row.field() + ": ");
        }
        if (row.status() == 400) {
            assertThat(problem.get("reason")).as(answer).isEqualTo("invalid-request");
        }
        assertThat(answer).as("the answer does not echo a page of the input, nor the token").hasSizeLessThan(1000)
                .doesNotContain(GitOpsRepoResource.TOKEN);
        assertThat(connector.sink("release-status").received()).as("no bump was started").isEmpty();
        assertThat(connector.sink("gitops-updated").received()).as("nothing was bumped").isEmpty();
    }
}
