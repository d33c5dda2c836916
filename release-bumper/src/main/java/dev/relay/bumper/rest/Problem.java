package dev.relay.bumper.rest;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem body, the same in every Relay service.
 *
 * @param type   {@code urn:relay:problem:<reason>}
 * @param title  the HTTP reason phrase, e.g. {@code Bad Request}
 * @param status the HTTP status
 * @param detail what is wrong, naming the field at fault
 * @param reason the short code, e.g. {@code invalid-request}, {@code not-found}, or the stage's failure reason
 */
public record Problem(String type, String title, int status, String detail, String reason) {

    public static final String MEDIA_TYPE = "application/problem+json";

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

    public Response response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
