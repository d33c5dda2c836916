package dev.relay.modelinfo.rest;

import jakarta.ws.rs.core.Response;

/**
 * The one problem body of every Relay service (RFC 9457).
 *
 * @param type   {@code urn:relay:problem:<reason>}
 * @param title  the HTTP reason phrase
 * @param detail what is wrong, naming the field, file or operation at fault
 * @param reason the short code, the same as in {@code release.failed} where there is one
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

    public static Response response(int status, String reason, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(of(status, reason, detail)).build();
    }
}
