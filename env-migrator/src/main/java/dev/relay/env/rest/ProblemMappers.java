package dev.relay.env.rest;

import dev.relay.events.InvalidEventException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as a problem body. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(Problem e) {
        return e.toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(InvalidEventException e) {
        return Problem.badRequest(e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        // Unreadable JSON bodies and the like: keep the status, give it a problem body.
        return new Problem(status, e.getResponse().getStatusInfo().getReasonPhrase(),
                status == 400 ? "the request body is not valid JSON of the expected shape" : e.getMessage()).toResponse();
    }
}
