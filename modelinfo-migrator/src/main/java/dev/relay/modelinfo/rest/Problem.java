package dev.relay.modelinfo.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem body; {@code reason} carries the same short code as release.failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String reason, String migration, String operation) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String title, String detail, String reason, String migration, String operation) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, reason, migration, operation)).build();
    }
}
