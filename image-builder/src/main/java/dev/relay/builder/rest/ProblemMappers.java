package dev.relay.builder.rest;

import dev.relay.builder.core.BuildStage;
import dev.relay.events.InvalidEventException;
import dev.relay.events.problem.Problem;
import dev.relay.events.stage.StageFailure;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the REST API as a {@link Problem}. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().response();
    }

    /** A request field that breaks the contract's rules: the message names the field. */
    @ServerExceptionMapper
    public Response invalid(InvalidEventException e) {
        return Problem.of(400, "invalid-request", e.getMessage()).response();
    }

    /** Unreadable JSON, unknown paths and the like: the framework's 4xx, in the same shape. */
    @ServerExceptionMapper
    public Response webError(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 400 -> Problem.of(400, "invalid-request", "the body is not valid JSON for this request").response();
            case 404 -> Problem.of(404, "not-found", "there is nothing at this path").response();
            default -> Problem.of(status, status < 500 ? "invalid-request" : "internal-error",
                    Response.Status.fromStatusCode(status) != null ? Response.Status.fromStatusCode(status).getReasonPhrase()
                            : "HTTP " + status).response();
        };
    }

    /** Anything unexpected: its class only, never its text (which may carry connection strings). */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error in a REST request", e);
        return Problem.of(500, StageFailure.INTERNAL_ERROR, StageFailure.internalErrorMessage(BuildStage.STAGE, e)).response();
    }
}
