package dev.relay.events.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {

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
}
