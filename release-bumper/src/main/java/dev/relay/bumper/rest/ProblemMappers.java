package dev.relay.bumper.rest;

import dev.relay.events.problem.StrictJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.relay.bumper.core.BumpFailure;
import dev.relay.bumper.core.BumpStage;
import dev.relay.events.InvalidEventException;
import dev.relay.events.Redaction;
import dev.relay.events.problem.Problem;
import dev.relay.events.stage.EventSink;
import dev.relay.events.stage.StageFailure;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as a {@link Problem}: 4xx for what the caller can fix, 5xx for the remote, the broker or a bug. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** A request field that breaks the contract's rules: the message names the field, and so does the problem. */
    @ServerExceptionMapper
    public Response invalid(InvalidEventException e) {
        return Problem.invalid(e).response();
    }

    /** A body that is not JSON, or JSON of the wrong shape ({@code "model": 5}): names the field at fault, or {@code body}. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return StrictJson.problem(e).response();
    }

    /**
     * JSON of the wrong shape ({@code "model": 5}, an array for the body), named as such: the framework has its own
     * mapper for exactly this type, which would otherwise answer with a body of its own.
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return StrictJson.problem(e).response();
    }

    /** A rollback asked for while another rollback or a release of the model is under way. */
    @ServerExceptionMapper
    public Response conflict(RollbackResource.Conflict e) {
        return e.response();
    }

    /** A model the GitOps history never saw bumped. */
    @ServerExceptionMapper
    public Response notFound(BumpResource.NotFoundException e) {
        return Problem.of(404, "not-found", e.getMessage()).response();
    }

    /** A bump or rollback that failed, with the same reason as {@code release.failed}. */
    @ServerExceptionMapper
    public Response failed(StageFailure e) {
        return Problem.of(statusOf(e.reason()), e.reason(), e.getMessage()).response();
    }

    static int statusOf(String reason) {
        return switch (reason) {
            case BumpFailure.NO_TARGET, BumpFailure.UNPARSABLE, BumpFailure.INVALID_IMAGE -> 422;
            case BumpFailure.NO_PREVIOUS -> 409;
            case dev.relay.bumper.core.RollbackStage.IRREVERSIBLE, dev.relay.bumper.core.RollbackStage.NOT_PLANNABLE -> 409;
            case BumpFailure.NOT_CONFIGURED -> 503;
            case StageFailure.INTERNAL_ERROR -> 500;
            default -> 502; // the git remote: auth, push, fetch
        };
    }

    /** The bump may have been pushed, but its events did not reach Kafka. */
    @ServerExceptionMapper
    public Response notPublished(EventSink.PublishFailedException e) {
        LOG.error("events of a bump by hand not published", e);
        return Problem.of(503, "publish-failed", "the events of the bump could not be published ("
                + Redaction.redact(e.getMessage()) + "); GET /bumps/{model} shows whether it was committed").response();
    }

    /** Every other HTTP error (unreadable body, unknown path, wrong method) also answers with a problem. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400) {
            return Problem.invalid("body", "is not a JSON object {\"model\", \"image\", \"version\"?}").response();
        }
        String phrase = e.getResponse().getStatusInfo().getReasonPhrase();
        return Problem.of(status, phrase.toLowerCase(Locale.ROOT).replace(' ', '-'), phrase).response();
    }

    /** A bug: the class only, never the text (it may carry a URL with credentials). */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        return Problem.of(500, StageFailure.INTERNAL_ERROR, StageFailure.internalErrorMessage(BumpStage.STAGE, e)).response();
    }
}
