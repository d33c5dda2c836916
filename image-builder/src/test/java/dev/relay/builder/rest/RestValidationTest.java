package dev.relay.builder.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.builder.core.BuildLog;
import dev.relay.builder.core.ImageEngine;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every REST operation refuses malformed input the way the event decoder refuses a malformed event: a 4xx
 * {@code application/problem+json} whose {@code field} names the input at fault (and whose {@code detail}
 * starts with it), never a 2xx, never a 5xx, and nothing is queued, built or published.
 */
@QuarkusTest
@TestProfile(RestValidationTest.InMemory.class)
class RestValidationTest {

    /** The channels on the in-memory connector, as in the service's InMemoryMessagingTest. */
    public static class InMemory implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Channels.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.smallrye-health.extensions.enabled", "false");
        }
    }

    public static class Channels implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(InMemoryConnector.switchIncomingChannelsToInMemory("release-tagged", "rebuild-requested"));
            config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("image-built", "release-failed", "release-status"));
            return config;
        }

        @Override
        public void stop() {
            InMemoryConnector.clear();
        }
    }

    /** Fails the test if anything reaches it: no row may get as far as the engine. */
    static final class UntouchedEngine implements ImageEngine {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Optional<FoundImage> find(String releaseId) {
            calls.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public boolean hasImage(String ref) {
            calls.incrementAndGet();
            return true;
        }

        @Override
        public void tag(String imageId, String ref) {
            calls.incrementAndGet();
        }

        @Override
        public BuiltImage build(Path contextDir, String ref, Map<String, String> labels, BuildLog log) {
            calls.incrementAndGet();
            throw new AssertionError("built " + ref);
        }

        @Override
        public String push(String ref, BuildLog log) {
            calls.incrementAndGet();
            return null;
        }
    }

    static final String REPO = "file:///srv/git/val-model.git";

    /**
     * One request and the problem it must get.
     *
     * @param body  the JSON body as sent, null for none
     * @param field the field the problem must name; null for a problem about the path as a whole (no {@code field})
     */
    record Row(String method, String path, String body, int status, String field) {
        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 70 ? body.substring(0, 70) + "…" : body);
            String at = path.length() > 80 ? path.substring(0, 80) + "…" : path;
            return method + " " + at + shown + " → " + status + (field == null ? "" : " " + field);
        }
    }

    static Row build(String body, String field) {
        return new Row("POST", "/builds", body, 400, field);
    }

    static Row get(String path, int status, String field) {
        return new Row("GET", path, null, status, field);
    }

    static Stream<Row> rows() {
        String long300 = "a".repeat(300);
        return Stream.of(
                // POST /builds: the body itself
                build(null, "body"),
                build("null", "body"),
                build("[]", "body"),
                build("\"" + REPO + "\"", "body"),
                build("{not json", "body"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": \"v1\"} trailing", "body"),
                // version first, then repoUrl
                build("{}", "version"),
                build("{\"version\": \"v1\"}", "repoUrl"),
                build("{\"repoUrl\": \"x\", \"version\": \"v1\"}", "repoUrl"),
                build("{\"repoUrl\": \"\", \"version\": \"v1\"}", "repoUrl"),
                build("{\"repoUrl\": 5, \"version\": \"v1\"}", "repoUrl"),
                build("{\"repoUrl\": [\"" + REPO + "\"], \"version\": \"v1\"}", "repoUrl"),
                build("{\"repoUrl\": \"evil;rm -rf /\", \"version\": \"v1\"}", "repoUrl"),
                build("{\"repoUrl\": \"https://bot:t0ken@git.example/m.git\", \"version\": \"v1\"}", "repoUrl"),
                build("{\"repoUrl\": \"ftp://git.example/m.git\", \"version\": \"v1\"}", "repoUrl"),
                build("{\"repoUrl\": \"https:///m.git\", \"version\": \"v1\"}", "repoUrl"),
                build("{\"repoUrl\": \"https://git.example/" + "m".repeat(3000) + ".git\", \"version\": \"v1\"}", "repoUrl"),
                // version
                build("{\"repoUrl\": \"" + REPO + "\"}", "version"),
                build("{\"repoUrl\": \"x\", \"version\": \"not a tag\"}", "version"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": \"\"}", "version"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": 1}", "version"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": {\"tag\": \"v1\"}}", "version"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": \"not a tag\"}", "version"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": \"v1..0\"}", "version"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": \"v1.lock\"}", "version"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": \"v" + long300 + "\"}", "version"),
                // model
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": \"v1\", \"model\": \"Bad Name\"}", "model"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": \"v1\", \"model\": 7}", "model"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": \"v1\", \"model\": \"\"}", "model"),
                build("{\"repoUrl\": \"" + REPO + "\", \"version\": \"v1\", \"model\": \"" + long300 + "\"}", "model"),
                build("{\"repoUrl\": \"file:///srv/git/Hello_World.git\", \"version\": \"v1\"}", "model"),
                // GET /builds/{releaseId}
                get("/builds/garbage", 400, "releaseId"),
                get("/builds/Bad@v1", 400, "releaseId"),
                get("/builds/@v1", 400, "releaseId"),
                get("/builds/val-model@", 400, "releaseId"),
                get("/builds/val-model@v1..2", 400, "releaseId"),
                get("/builds/val-model@" + long300, 400, "releaseId"),
                get("/builds/nobody@v0", 404, null),
                // a campaign rebuild's id: its release part by the same rules, its campaign id by the contract's
                get("/builds/val-model@v1~campaign-c1", 404, null),
                get("/builds/val-model@v1~campaign-Bad", 400, "releaseId"),
                get("/builds/Bad@v1~campaign-c1", 400, "releaseId"),
                get("/builds/val-model@v1..2~campaign-c1", 400, "releaseId"),
                get("/builds/val-model@v1~campaign-" + "c".repeat(41), 400, "releaseId"),
                // paths and methods that do not exist
                get("/builds", 405, null),
                new Row("DELETE", "/builds/val-model@v1", null, 405, null),
                get("/builds/val-model@v1/more", 404, null));
    }

    @Inject
    @Any
    InMemoryConnector connector;

    UntouchedEngine engine;

    @BeforeEach
    void setUp() {
        engine = new UntouchedEngine();
        QuarkusMock.installMockForType(engine, ImageEngine.class);
        connector.sink("image-built").clear();
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
        assertThat(answer).as("the answer does not echo a page of the input, nor a secret").hasSizeLessThan(1000)
                .doesNotContain("t0ken");
        assertThat(engine.calls).as("nothing reached the engine").hasValue(0);
        assertThat(connector.sink("release-status").received()).as("nothing was queued").isEmpty();
    }
}
