package dev.relay.env.rest;

import dev.relay.events.problem.StrictJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.relay.env.core.VerifyStage;
import dev.relay.events.InvalidEventException;
import dev.relay.events.problem.Problem;
import dev.relay.events.stage.StageFailure;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as a {@link Problem} body. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().response();
    }

    /** A campaign request refused by the core: 400 naming the field, 404, or 409. */
    @ServerExceptionMapper
    public Response campaignRefused(dev.relay.env.core.campaign.CampaignRefused e) {
        return switch (e.kind()) {
            case invalid -> Problem.invalid(e.field() == null ? "campaign" : e.field(), e.getMessage()).response();
            case notFound -> Problem.of(404, ProblemException.NOT_FOUND, e.getMessage()).response();
            case conflict -> Problem.of(409, ProblemException.CONFLICT, e.getMessage()).response();
        };
    }

    /** Invalid input checked with the contract's validator: the message names the field, and so does the problem. */
    @ServerExceptionMapper
    public Response invalid(InvalidEventException e) {
        return Problem.invalid(e).response();
    }

    /** JSON of the wrong shape ({@code "image": 42}, an array for the body): names the field at fault. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return StrictJson.problem(e).response();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400) {
            // The framework wraps what Jackson could not parse: the body, or the field Jackson names.
            return e.getCause() instanceof JsonProcessingException json ? StrictJson.problem(json).response()
                    : Problem.of(400, ProblemException.INVALID_REQUEST, e.getMessage()).response();
        }
        // Unknown paths, wrong methods, media types and the like: keep the status, give it a problem body.
        String reason = e.getResponse().getStatusInfo().getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
        return Problem.of(status, reason, e.getMessage()).response();
    }

    /** A bug or a store that went away: logged, answered without its text (it may carry connection strings). */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed unexpectedly", e);
        return Problem.of(500, StageFailure.INTERNAL_ERROR, StageFailure.internalErrorMessage(VerifyStage.STAGE, e)).response();
    }
}
