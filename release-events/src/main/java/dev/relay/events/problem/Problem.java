package dev.relay.events.problem;

import jakarta.ws.rs.core.Response;

/**
 * The one problem body of every Relay service ({@code application/problem+json}, RFC 9457): what a
 * REST caller gets for any error, in every service the same.
 *
 * <p>{@link #title} and {@link #response()} need the Jakarta REST API, an optional dependency of the
 * contract that every service has; the record itself is plain data, readable without it.
 *
 * @param type   {@code urn:relay:problem:<reason>}
 * @param title  the HTTP reason phrase, e.g. {@code Bad Request}
 * @param status the HTTP status
 * @param detail what is wrong, naming the field at fault
 * @param reason the short code, e.g. {@code invalid-request}, {@code not-found}, or the stage's failure reason
 */
public record Problem(String type, String title, int status, String detail, String reason) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:relay:problem:";

    public static Problem of(int status, String reason, String detail) {
        return new Problem(TYPE_PREFIX + reason, title(status), status, detail, reason);
    }

    /** The HTTP reason phrase; JAX-RS knows no 422, which RFC 9110 calls Unprocessable Content. */
    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return status == 422 ? "Unprocessable Content" : "HTTP " + status;
    }

    /** The answer to send: this body with its status and media type. */
    public Response response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
