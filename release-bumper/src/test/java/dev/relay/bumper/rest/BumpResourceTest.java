package dev.relay.bumper.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.relay.bumper.GitOpsRepoResource;
import dev.relay.bumper.InMemoryProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(InMemoryProfile.class)
class BumpResourceTest {

    private static io.restassured.response.ValidatableResponse bump(String model, String image) {
        return given().contentType(ContentType.JSON).body(Map.of("model", model, "image", image))
                .when().post("/bumps").then();
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
    void rollbackGoesBackOneAndHistoryListsEveryBump() {
        bump("rollback-model", GitOpsRepoResource.image("rollback-model", "v2")).statusCode(200);
        bump("rollback-model", GitOpsRepoResource.image("rollback-model", "v3")).statusCode(200);

        given().when().post("/bumps/rollback-model/rollback").then().statusCode(200)
                .body("from", equalTo(GitOpsRepoResource.image("rollback-model", "v3")))
                .body("to", equalTo(GitOpsRepoResource.image("rollback-model", "v2")))
                .body("noop", is(false));
        given().when().get("/bumps/rollback-model").then().statusCode(200)
                .body("to", contains(GitOpsRepoResource.image("rollback-model", "v2"),
                        GitOpsRepoResource.image("rollback-model", "v3"), GitOpsRepoResource.image("rollback-model", "v2")))
                .body("rollback", contains(true, false, false))
                .body("[0].files", contains("apps/rollback-model/deployment.yaml"));
    }

    @Test
    void anImageThatIsNotAReferenceIs400WithAProblem() {
        bump("rest-model", "Not An Image!").statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid input")).body("status", is(400))
                .body("detail", containsString("image"));
        bump("rest-model", "registry.example.com:5000/team/rest-model").statusCode(400)
                .body("detail", containsString("neither a tag nor a digest"));
    }

    @Test
    void aModelNameThatIsNotOneIs400() {
        bump("Bad_Model", GitOpsRepoResource.image("rest-model", "v2")).statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("model"));
        given().when().post("/bumps/Bad_Model/rollback").then().statusCode(400).contentType("application/problem+json");
        given().when().get("/bumps/Bad_Model").then().statusCode(400);
        given().contentType(ContentType.JSON).body("[1,2").when().post("/bumps").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aModelWithNothingToRollBackIs409() {
        given().when().post("/bumps/nothing-here/rollback").then().statusCode(409)
                .contentType("application/problem+json").body("reason", equalTo("gitops-no-previous"));
    }

    @Test
    void readinessIncludesTheGitRemoteWithoutTheToken() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("gitops-remote"))
                .body(not(containsString(GitOpsRepoResource.TOKEN)));
    }
}
