package dev.relay.modelinfo.rest;

import dev.relay.events.InvalidEventException;
import dev.relay.modelinfo.migration.MigrationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as a problem body; 4xx for what the caller can fix, with the migration and operation named. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidInput(InvalidEventException e) {
        return Problem.response(400, "Invalid request", e.getMessage(), "invalid-request", null, null);
    }

    @ServerExceptionMapper
    public Response badRequest(InvalidRequestException e) {
        return Problem.response(400, "Invalid request", e.getMessage(), "invalid-request", null, null);
    }

    @ServerExceptionMapper
    public Response migration(MigrationException e) {
        int status;
        switch (e.reason()) {
            case MigrationException.INVALID:
            case MigrationException.UNKNOWN_TARGET:
                status = 400;
                break;
            case MigrationException.MODIFIED:
            case MigrationException.LOCKED:
                status = 409;
                break;
            case MigrationException.CHECKOUT_FAILED:
                status = 502;
                break;
            default:
                status = 500;
        }
        String title = MigrationException.UNKNOWN_TARGET.equals(e.reason()) ? "Invalid request" : "Migration " + e.reason();
        return Problem.response(status, title, e.getMessage(), e.reason(), e.migrationId(), e.operation());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return e.getResponse();
        }
        // Unreadable JSON bodies, unknown paths and the like: still a problem body, not an HTML page.
        Response.StatusType type = e.getResponse().getStatusInfo();
        String title = status == 400 ? "Invalid request" : type.getReasonPhrase();
        return Problem.response(status, title, e.getMessage(), status == 400 ? "invalid-request" : null, null, null);
    }
}
