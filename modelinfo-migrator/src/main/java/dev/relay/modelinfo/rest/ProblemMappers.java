package dev.relay.modelinfo.rest;

import dev.relay.events.problem.StrictJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.relay.events.InvalidEventException;
import dev.relay.events.InvalidModelConfigException;
import dev.relay.events.problem.Problem;
import dev.relay.events.stage.EventSink;
import dev.relay.events.stage.StageFailure;
import dev.relay.modelinfo.core.MigrateStage;
import dev.relay.modelinfo.core.MigrationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as a problem body: 4xx for what the caller can fix, the same reasons as release.failed. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** HTTP status per failure reason; any other reason is the service's own fault, 500. */
    private static final Map<String, Integer> STATUS = Map.of(
            MigrationException.INVALID, 400,
            InvalidModelConfigException.REASON, 400,
            MigrationException.UNKNOWN_TARGET, 400,
            MigrationException.MODIFIED, 409,
            MigrationException.LOCKED, 409,
            MigrationException.TAG_MOVED, 409,
            MigrationException.CHECKOUT_FAILED, 502);

    public static int statusOf(String reason) {
        return STATUS.getOrDefault(reason, 500);
    }

    /** A field that breaks the contract's rules: the message names the field, and so does the problem. */
    @ServerExceptionMapper
    public Response invalidInput(InvalidEventException e) {
        return Problem.invalid(e).response();
    }

    @ServerExceptionMapper
    public Response badRequest(InvalidRequestException e) {
        return Problem.invalid(e.field(), e.problem()).response();
    }

    /** JSON of the wrong shape ({@code "dryRun": "yes"}, an array for the body): names the field at fault. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return StrictJson.problem(e).response();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().response();
    }

    @ServerExceptionMapper
    public Response stageFailure(StageFailure e) {
        Problem problem = Problem.of(statusOf(e.reason()), e.reason(), e.getMessage());
        // The one failure of the core that is about a request field: the target of a down.
        return (MigrationException.UNKNOWN_TARGET.equals(e.reason()) ? problem.withField("target") : problem).response();
    }

    @ServerExceptionMapper
    public Response publishFailed(EventSink.PublishFailedException e) {
        LOG.warn("a REST run could not publish its events", e);
        return Problem.of(503, "publish-failed", e.getMessage() + "; the broker did not take the events, try again").response();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // Unreadable JSON bodies, unknown paths and the like: still a problem body, not an HTML page.
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            // What Jackson could not parse: the body, or the field Jackson names.
            return StrictJson.problem(json).response();
        }
        String reason = status == 400 ? Problem.INVALID_REQUEST
                : Problem.of(status, "x", null).title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return Problem.of(status, reason, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        // Exception texts can carry connection strings: the log gets them, the caller only the class.
        LOG.error("request failed unexpectedly", e);
        return Problem.of(500, StageFailure.INTERNAL_ERROR, StageFailure.internalErrorMessage(MigrateStage.STAGE, e)).response();
    }
}
