package dev.relay.env.rest;

import jakarta.ws.rs.core.Response;

/**
 * The one error body of every Relay service (RFC 9457, media type {@value #MEDIA_TYPE}).
 *
 * @param type   {@code urn:relay:problem:<reason>}
 * @param title  the HTTP reason phrase, e.g. {@code Bad Request}
 * @param detail what is wrong, naming the field at fault
 * @param reason short code, e.g. {@code invalid-request}, {@code not-found}
 */
public record Problem(String type, String title, int status, String detail, String reason) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:relay:problem:";

    public static final String INVALID_REQUEST = "invalid-request";
    public static final String NOT_FOUND = "not-found";
    public static final String CONFLICT = "conflict";
    public static final String INTERNAL_ERROR = "internal-error";

    public static Problem of(int status, String reason, String detail) {
        return new Problem("urn:relay:problem:" + reason, title(status), status, detail, reason);
    }

    /** The HTTP reason phrase; JAX-RS knows no 422, which RFC 9110 calls Unprocessable Content. */
    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return status == 422 ? "Unprocessable Content" : "HTTP " + status;
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(of(400, INVALID_REQUEST, detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(of(404, NOT_FOUND, detail));
    }

    public static ProblemException notFound(String reason, String detail) {
        return new ProblemException(of(404, reason, detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(of(409, CONFLICT, detail));
    }
}
