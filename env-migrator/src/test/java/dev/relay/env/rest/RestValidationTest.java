package dev.relay.env.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.env.core.EnvState;
import dev.relay.env.core.EnvironmentHistory;
import dev.relay.env.core.EnvironmentRecord;
import dev.relay.env.core.FakeProbe;
import dev.relay.env.core.ImageProbe;
import dev.relay.env.messaging.InMemoryProfile;
import dev.relay.events.Check;
import dev.relay.events.EnvDiff;
import dev.relay.events.Environment;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every REST operation refuses malformed input the way the event decoder refuses a malformed event: a 4xx
 * {@code application/problem+json} whose {@code field} names the input at fault (and whose {@code detail}
 * starts with it), never a 200 with an empty answer, never a 5xx, and nothing reaches the probe.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class RestValidationTest {

    /** A model with one verified release, so that rows about a known model are not answered 404 for the model. */
    static final String MODEL = "val-model";
    static final String RELEASE = MODEL + "@v1";

    /**
     * One request and the problem it must get.
     *
     * @param body  the JSON body as sent, null for none
     * @param field the field the problem must name; null for a problem about the path as a whole (no {@code field})
     */
    record Row(String method, String path, String body, int status, String field) {
        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 60 ? body.substring(0, 60) + "…" : body);
            String at = path.length() > 80 ? path.substring(0, 80) + "…" : path;
            return method + " " + at + shown + " → " + status + (field == null ? "" : " " + field);
        }
    }

    static Row post(String path, String body, int status, String field) {
        return new Row("POST", path, body, status, field);
    }

    static Row get(String path, int status, String field) {
        return new Row("GET", path, null, status, field);
    }

    static Row verify(String body, String field) {
        return post("/verifications", body, 400, field);
    }

    static Stream<Row> rows() {
        String long300 = "a".repeat(300);
        return Stream.of(
                // POST /verifications: the body itself
                verify(null, "body"),
                verify("null", "body"),
                verify("[]", "body"),
                verify("\"mem:v1\"", "body"),
                verify("{not json", "body"),
                verify("{\"model\": \"x\", \"image\": \"mem:v1\"} trailing", "body"),
                // model
                verify("{}", "model"),
                verify("{\"model\": \"\", \"image\": \"mem:v1\"}", "model"),
                verify("{\"model\": \"Bad Name\", \"image\": \"mem:v1\"}", "model"),
                verify("{\"model\": 5, \"image\": \"mem:v1\"}", "model"),
                verify("{\"model\": true, \"image\": \"mem:v1\"}", "model"),
                verify("{\"model\": [\"x\"], \"image\": \"mem:v1\"}", "model"),
                verify("{\"model\": \"" + long300 + "\", \"image\": \"mem:v1\"}", "model"),
                // image
                verify("{\"model\": \"x\"}", "image"),
                verify("{\"model\": \"x\", \"image\": \"evil;rm -rf /\"}", "image"),
                verify("{\"model\": \"x\", \"image\": \"   \"}", "image"),
                verify("{\"model\": \"x\", \"image\": 42}", "image"),
                verify("{\"model\": \"x\", \"image\": {\"ref\": \"mem:v1\"}}", "image"),
                verify("{\"model\": \"x\", \"image\": \"mem@sha256:" + "a".repeat(600) + "\"}", "image"),
                // requirements
                verify("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": [\"promote==1.10\"]}", "requirements"),
                verify("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": \"promote==1.10\"}", "requirements"),
                verify("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"promote\": 1.10}}", "requirements.promote"),
                verify("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"promote\": null}}", "requirements.promote"),
                verify("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"promote\": \"1.10; rm -rf /\"}}",
                        "requirements.promote"),
                verify("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"pro mote\": \"1.10\"}}", "requirements"),
                verify("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"" + long300 + "\": \"1.10\"}}", "requirements"),
                verify("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"promote\": \"1." + "1".repeat(300) + "\"}}",
                        "requirements.promote"),
                verify("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"promote\": \"1." + "9".repeat(30) + "\"}}",
                        "requirements.promote"),
                // /environments/{model}
                get("/environments/Not_A_Model", 400, "model"),
                get("/environments/" + long300, 400, "model"),
                get("/environments/never-seen", 404, null),
                get("/environments/Not_A_Model/current", 400, "model"),
                get("/environments/never-seen/current", 404, null),
                post("/environments/Not_A_Model/rollback", null, 400, "model"),
                post("/environments/never-seen/rollback", null, 404, null),
                // diff: both release ids, each of this model
                get("/environments/" + MODEL + "/diff", 400, "from"),
                get("/environments/" + MODEL + "/diff?from=" + RELEASE, 400, "to"),
                get("/environments/" + MODEL + "/diff?from=&to=" + RELEASE, 400, "from"),
                get("/environments/" + MODEL + "/diff?from=garbage&to=" + RELEASE, 400, "from"),
                get("/environments/" + MODEL + "/diff?from=other-model@v1&to=" + RELEASE, 400, "from"),
                get("/environments/" + MODEL + "/diff?from=" + RELEASE + "&to=" + MODEL + "@v1..2", 400, "to"),
                get("/environments/" + MODEL + "/diff?from=" + RELEASE + "&to=" + MODEL + "@" + long300, 400, "to"),
                get("/environments/" + MODEL + "/diff?from=" + RELEASE + "&to=" + MODEL + "@v9", 404, null),
                get("/environments/Not_A_Model/diff?from=a@v1&to=a@v2", 400, "model"),
                // spec
                get("/environments/" + MODEL + "/" + RELEASE + "/spec?format=poetry", 400, "format"),
                get("/environments/" + MODEL + "/garbage/spec", 400, "releaseId"),
                get("/environments/" + MODEL + "/other-model@v1/spec", 400, "releaseId"),
                get("/environments/" + MODEL + "/" + MODEL + "@/spec", 400, "releaseId"),
                get("/environments/" + MODEL + "/" + MODEL + "@v9/spec", 404, null),
                get("/environments/Not_A_Model/" + RELEASE + "/spec", 400, "model"),
                // paths and methods that do not exist
                get("/environments/" + MODEL + "/nothing-here/at-all", 404, null),
                // inventory marks and campaigns
                new Row("PUT", "/environments/" + MODEL + "/mark", "{\"mark\":\"keep\"}", 400, "mark"),
                new Row("PUT", "/environments/" + MODEL + "/mark", "{}", 400, "mark"),
                new Row("PUT", "/environments/Not_A_Model/mark", "{\"mark\":\"retire\"}", 400, "model"),
                new Row("POST", "/campaigns", "{}", 400, "name"),
                new Row("POST", "/campaigns", "{\"name\":\"x\"}", 400, "baseImage"),
                new Row("POST", "/campaigns", "{\"name\":\"x\",\"baseImage\":\"b:1\",\"models\":[\"Bad_Name\"]}", 400, "models"),
                get("/campaigns/Not_An_Id", 404, null),
                get("/campaigns/no-such-campaign/report.csv", 404, null),
                new Row("POST", "/campaigns/no-such-campaign/rollback", null, 404, null),
                new Row("DELETE", "/environments/" + MODEL, null, 405, null),
                get("/verifications", 405, null));
    }

    @Inject
    EnvironmentHistory history;

    FakeProbe probe;

    @BeforeEach
    void setUp() {
        probe = new FakeProbe();
        probe.images.put("mem:v1", Map.of("promote", "1.10"));
        QuarkusMock.installMockForType(probe, ImageProbe.class);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        history.insert(new EnvironmentRecord(RELEASE, MODEL, "v1", "mem:v1", "sha256:1",
                new Environment("3.11.2", Map.of("promote", "1.10")), List.of(new Check("requirements", true, "ok")),
                EnvDiff.none(), null, EnvState.qa, null, null, at, null, null, at, null));
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
        assertThat(answer.length()).as("the answer does not echo a page of the input").isLessThan(1000);
        assertThat(probe.probes).as("nothing invalid reached the probe").isZero();
    }
}
