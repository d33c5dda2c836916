package dev.relay.bumper.rest;

import dev.relay.bumper.app.GitOpsService;
import dev.relay.bumper.core.BumpFailure;
import dev.relay.events.InvalidEventException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as problem documents (RFC 9457): title, status, detail, and the reason code where there is one. */
public class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";

    public record Problem(String type, String title, int status, String detail, String reason) {
    }

    @ServerExceptionMapper
    public Response invalid(InvalidEventException e) {
        return problem(400, "Invalid input", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response unreadableJson(com.fasterxml.jackson.core.JsonProcessingException e) {
        return problem(400, "Invalid input", "the body is not a JSON object {\"model\", \"image\"}", null);
    }

    /** Every other HTTP error (unreadable body, unknown path, wrong method) also answers with a problem. */
    @ServerExceptionMapper
    public Response web(jakarta.ws.rs.WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String detail = status == 400 ? "the body is not a JSON object {\"model\", \"image\"}"
                : e.getResponse().getStatusInfo().getReasonPhrase();
        return problem(status, status == 400 ? "Invalid input" : e.getResponse().getStatusInfo().getReasonPhrase(), detail, null);
    }

    @ServerExceptionMapper
    public Response failed(BumpFailure e) {
        int status;
        switch (e.reason()) {
            case BumpFailure.NO_TARGET:
            case BumpFailure.UNPARSABLE:
                status = 422;
                break;
            case BumpFailure.NO_PREVIOUS:
                status = 409;
                break;
            case GitOpsService.NOT_CONFIGURED:
                status = 503;
                break;
            default:
                status = 502;
        }
        return problem(status, "Bump failed", e.getMessage(), e.reason());
    }

    private static Response problem(int status, String title, String detail, String reason) {
        return Response.status(status).type(PROBLEM_JSON)
                .entity(new Problem("about:blank", title, status, detail, reason)).build();
    }
}
