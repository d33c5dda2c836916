package dev.relay.events.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.events.EventValidator;
import dev.relay.events.InvalidEventException;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBodyNamesTypeTitleStatusDetailAndReason() {
        assertThat(Problem.of(400, "invalid-request", "model: 'Bad' is not a model name")).isEqualTo(new Problem(
                "urn:relay:problem:invalid-request", "Bad Request", 400, "model: 'Bad' is not a model name", "invalid-request"));
        assertThat(Problem.of(409, "gitops-no-previous", "x").title()).isEqualTo("Conflict");
        assertThat(Problem.of(503, "publish-failed", "x").title()).isEqualTo("Service Unavailable");
    }

    @Test
    void statusesJaxRsDoesNotNameAreTitledAnyway() {
        assertThat(Problem.of(422, "gitops-no-target", "x").title()).isEqualTo("Unprocessable Content");
        assertThat(Problem.of(599, "odd", "x").title()).isEqualTo("HTTP 599");
    }

    @Test
    void aFieldAtFaultIsNamedInFieldAndAtTheStartOfDetail() {
        Problem p = Problem.invalid("image", "'evil;rm -rf /' is not an image reference");
        assertThat(p).isEqualTo(new Problem("urn:relay:problem:invalid-request", "Bad Request", 400,
                "image: 'evil;rm -rf /' is not an image reference", "invalid-request", "image"));
        assertThat(Problem.of(422, "gitops-no-target", "image", "no manifest refers to r.io/team/m"))
                .extracting(Problem::type, Problem::status, Problem::title, Problem::field, Problem::detail)
                .containsExactly("urn:relay:problem:gitops-no-target", 422, "Unprocessable Content", "image",
                        "image: no manifest refers to r.io/team/m");
    }

    @Test
    void aFieldCanBeNamedOnAProblemWhoseDetailSaysItInItsOwnWords() {
        Problem p = Problem.of(400, "unknown-target", "target 'nope' is not a migration of this model's changelog").withField("target");
        assertThat(p).isEqualTo(new Problem("urn:relay:problem:unknown-target", "Bad Request", 400,
                "target 'nope' is not a migration of this model's changelog", "unknown-target", "target"));
    }

    @Test
    void aContractRejectionKeepsItsMessageAndNamesItsField() {
        InvalidEventException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> EventValidator.model("model", "Bad Name"), InvalidEventException.class);
        Problem p = Problem.invalid(e);
        assertThat(p.field()).isEqualTo("model");
        assertThat(p.detail()).isEqualTo("model: 'Bad Name' is not a model name ([a-z0-9][a-z0-9-]{0,62})");
        assertThat(p.reason()).isEqualTo(Problem.INVALID_REQUEST);
        assertThat(p.status()).isEqualTo(400);
    }

    @Test
    void theBodyCarriesFieldOnlyWhenOneIsAtFaultSoOlderBodiesAreUnchanged() throws Exception {
        assertThat(JSON.readTree(JSON.writeValueAsString(Problem.of(409, "conflict", "nothing to roll back to"))))
                .isEqualTo(JSON.readTree("{\"type\": \"urn:relay:problem:conflict\", \"title\": \"Conflict\", \"status\": 409,"
                        + " \"detail\": \"nothing to roll back to\", \"reason\": \"conflict\"}"));
        assertThat(JSON.readTree(JSON.writeValueAsString(Problem.invalid("version", "is required"))))
                .isEqualTo(JSON.readTree("{\"type\": \"urn:relay:problem:invalid-request\", \"title\": \"Bad Request\","
                        + " \"status\": 400, \"detail\": \"version: is required\", \"reason\": \"invalid-request\","
                        + " \"field\": \"version\"}"));
        // A reader of the older, five-member body still reads it, and vice versa.
        assertThat(JSON.readValue("{\"type\": \"urn:relay:problem:x\", \"title\": \"Bad Request\", \"status\": 400,"
                + " \"detail\": \"d\", \"reason\": \"x\"}", Problem.class).field()).isNull();
    }
}
