package dev.relay.bumper.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.relay.bumper.GitOpsRepoResource;
import dev.relay.bumper.InMemoryProfile;
import dev.relay.events.EventCodec;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.ReleaseStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(InMemoryProfile.class)
class BumpResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    private static ValidatableResponse bump(String model, String image) {
        return given().contentType(ContentType.JSON).body(Map.of("model", model, "image", image))
                .when().post("/bumps").then();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String title, String reason) {
        return response.statusCode(status).contentType(PROBLEM)
                .body("type", equalTo("urn:relay:problem:" + reason))
                .body("title", equalTo(title))
                .body("status", is(status))
                .body("reason", equalTo(reason));
    }

    @Test
    void aBumpByHandAnswersWhatItDidAndTheSecondIsANoop() {
        String image = GitOpsRepoResource.image("rest-model", "v2");
        bump("rest-model", image).statusCode(200)
                .body("commit", matchesPattern("[0-9a-f]{40}"))
                .body("files", contains("apps/rest-model/deployment.yaml"))
                .body("from", equalTo(GitOpsRepoResource.image("rest-model", "v1")))
                .body("to", equalTo(image))
                .body("noop", is(false));
        bump("rest-model", image).statusCode(200).body("noop", is(true)).body("files", hasSize(0));
    }

    @Test
    void aBumpByHandPublishesTheStageEventsOfABumpByHand() {
        String image = GitOpsRepoResource.image("events-model", "v5");
        String commit = bump("events-model", image).statusCode(200).extract().path("commit");

        EventCodec codec = new EventCodec();
        List<ReleaseStatus> statuses = connector.sink("release-status").received().stream()
                .map(m -> codec.decode(ReleaseStatus.class, (String) m.getPayload()))
                .filter(s -> s.release().model().equals("events-model")).toList();
        assertThat(statuses).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        GitOpsUpdated updated = connector.sink("gitops-updated").received().stream()
                .map(m -> codec.decode(GitOpsUpdated.class, (String) m.getPayload()))
                .filter(u -> u.release().model().equals("events-model")).findFirst().orElseThrow();
        assertThat(updated.release().releaseId()).isEqualTo("events-model@v5");
        assertThat(updated.release().repoUrl()).isEqualTo(BumpByHand.NO_REPOSITORY);
        assertThat(updated.release().commit()).isEqualTo("0".repeat(40));
        assertThat(updated.image().ref()).isEqualTo(image);
        assertThat(updated.modelConfig()).isNull();
        assertThat(updated.gitops().commit()).isEqualTo(commit);
        assertThat(updated.gitops().to()).isEqualTo(image);
    }

    @Test
    void rollbackGoesBackOneAndHistoryListsEveryBump() {
        bump("rollback-model", GitOpsRepoResource.image("rollback-model", "v2")).statusCode(200);
        bump("rollback-model", GitOpsRepoResource.image("rollback-model", "v3")).statusCode(200);

        given().when().post("/bumps/rollback-model/rollback").then().statusCode(200)
                .body("from", equalTo(GitOpsRepoResource.image("rollback-model", "v3")))
                .body("to", equalTo(GitOpsRepoResource.image("rollback-model", "v2")))
                .body("noop", is(false));
        // a bump by hand is not replayed: v3 again moves the image again
        bump("rollback-model", GitOpsRepoResource.image("rollback-model", "v3")).statusCode(200).body("noop", is(false));
        given().when().get("/bumps/rollback-model").then().statusCode(200)
                .body("to", contains(GitOpsRepoResource.image("rollback-model", "v3"), GitOpsRepoResource.image("rollback-model", "v2"),
                        GitOpsRepoResource.image("rollback-model", "v3"), GitOpsRepoResource.image("rollback-model", "v2")))
                .body("rollback", contains(false, true, false, false))
                .body("[1].files", contains("apps/rollback-model/deployment.yaml"));
    }

    @Test
    void anImageThatIsNotAReferenceIs400WithAProblem() {
        problem(bump("rest-model", "Not An Image!"), 400, "Bad Request", "invalid-request")
                .body("detail", equalTo("image: 'Not An Image!' is not an image reference ([registry[:port]/]name[:tag][@digest])"));
        problem(bump("rest-model", "registry.example.com:5000/team/rest-model"), 400, "Bad Request", "invalid-request")
                .body("detail", equalTo("image: 'registry.example.com:5000/team/rest-model' names neither a tag nor a digest"));
        problem(bump("rest-model", "registry.example.com:5000/team/rest-model@sha256:" + "d".repeat(64)), 400, "Bad Request",
                "invalid-request").body("detail", equalTo("version: is required when the image has no tag"));
    }

    @Test
    void aModelNameThatIsNotOneIs400() {
        problem(bump("Bad_Model", GitOpsRepoResource.image("rest-model", "v2")), 400, "Bad Request", "invalid-request")
                .body("detail", startsWithField("model"));
        problem(given().when().post("/bumps/Bad_Model/rollback").then(), 400, "Bad Request", "invalid-request")
                .body("detail", startsWithField("model"));
        problem(given().when().get("/bumps/Bad_Model").then(), 400, "Bad Request", "invalid-request");
        problem(given().contentType(ContentType.JSON).body("[1,2").when().post("/bumps").then(), 400, "Bad Request", "invalid-request")
                .body("detail", startsWithField("body"));
    }

    private static org.hamcrest.Matcher<String> startsWithField(String field) {
        return org.hamcrest.Matchers.startsWith(field + ": ");
    }

    @Test
    void aModelWithoutATargetIs422AndNothingToRollBackTo409() {
        problem(bump("nowhere-model", "r.io/team/nowhere-model:v1"), 422, "Unprocessable Content", "gitops-no-target")
                .body("detail", containsString("no reference to r.io/team/nowhere-model"));
        problem(given().when().post("/bumps/nothing-here/rollback").then(), 409, "Conflict", "gitops-no-previous")
                .body("detail", containsString("no earlier image of nothing-here"));
    }

    @Test
    void anUnknownPathIsA404Problem() {
        problem(given().when().get("/nothing/here").then(), 404, "Not Found", "not-found");
    }

    @Test
    void readinessIncludesTheGitRemoteWithoutTheToken() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("gitops-remote"))
                .body(not(containsString(GitOpsRepoResource.TOKEN)));
    }
}
