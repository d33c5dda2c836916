package dev.relay.builder.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns request errors into {@code application/problem+json} answers. */
public class ProblemMapper {

    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return answer(e.status(), e.title(), e.getMessage());
    }

    /** Unreadable JSON and the like: the framework's 4xx, in the same shape. */
    @ServerExceptionMapper
    public Response webError(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = status == 404 ? "Not found" : status < 500 ? "Invalid request" : "Server error";
        return answer(status, title, status == 400 ? "the body is not valid JSON for this request" : e.getMessage());
    }

    private static Response answer(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
