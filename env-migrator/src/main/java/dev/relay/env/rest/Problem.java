package dev.relay.env.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** An HTTP error with an RFC 9457 problem body. */
public class Problem extends WebApplicationException {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record Body(String type, String title, int status, String detail) {
    }

    private final Body body;

    public Problem(int status, String title, String detail) {
        super(detail, status);
        this.body = new Body("about:blank", title, status, detail);
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad Request", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "Not Found", detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(409, "Conflict", detail);
    }

    public Response toResponse() {
        return Response.status(body.status()).type(MEDIA_TYPE).entity(body).build();
    }
}
