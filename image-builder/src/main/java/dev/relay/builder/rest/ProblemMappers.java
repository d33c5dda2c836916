package dev.relay.builder.rest;

import dev.relay.events.problem.StrictJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.relay.builder.core.BuildStage;
import dev.relay.events.InvalidEventException;
import dev.relay.events.problem.Problem;
import dev.relay.events.stage.StageFailure;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the REST API as a {@link Problem}. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().response();
    }

    /** A request field that breaks the contract's rules: the message names the field, and so does the problem. */
    @ServerExceptionMapper
    public Response invalid(InvalidEventException e) {
        return Problem.invalid(e).response();
    }

    /** JSON of the wrong shape ({@code "version": 1}, an array for the body): names the field at fault. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return StrictJson.problem(e).response();
    }

    /** Unreadable JSON, unknown paths and the like: the framework's 4xx, in the same shape. */
    @ServerExceptionMapper
    public Response webError(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400) {
            // The framework wraps what Jackson could not parse: the body, or the field Jackson names.
            return (e.getCause() instanceof JsonProcessingException json ? StrictJson.problem(json)
                    : Problem.of(400, Problem.INVALID_REQUEST, e.getMessage())).response();
        }
        if (status == 404) {
            return Problem.of(404, "not-found", "there is nothing at this path").response();
        }
        // 405, 415 and the like: the reason phrase, as the reason too (method-not-allowed), as in every service.
        String phrase = Problem.of(status, "x", null).title();
        String reason = status < 500 ? phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") : "internal-error";
        return Problem.of(status, reason, phrase).response();
    }

    /** Anything unexpected: its class only, never its text (which may carry connection strings). */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error in a REST request", e);
        return Problem.of(500, StageFailure.INTERNAL_ERROR, StageFailure.internalErrorMessage(BuildStage.STAGE, e)).response();
    }
}
