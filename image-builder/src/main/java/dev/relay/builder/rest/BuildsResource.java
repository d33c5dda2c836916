package dev.relay.builder.rest;

import dev.relay.builder.core.BuildRequest;
import dev.relay.builder.core.BuildState;
import dev.relay.builder.messaging.BuildService;
import dev.relay.events.EventValidator;
import dev.relay.events.InvalidEventException;
import dev.relay.events.Release;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds by hand: the same path as a {@code release.tagged} event, for operators and for re-runs. */
@Path("/builds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BuildsResource {

    /** The body of {@code POST /builds}; {@code model} defaults to the repository's name. */
    public record StartBuild(String repoUrl, String version, String model) {
    }

    private final BuildService builds;

    public BuildsResource(BuildService builds) {
        this.builds = builds;
    }

    @POST
    public Response start(StartBuild body) {
        if (body == null) {
            throw new ProblemException(400, "Invalid build request", "the body must be a JSON object with repoUrl and version");
        }
        String model;
        try {
            if (body.repoUrl() == null || body.repoUrl().isBlank()) {
                throw new InvalidEventException("repoUrl", "is required");
            }
            EventValidator.version("version", body.version());
            model = body.model() != null ? EventValidator.model("model", body.model())
                    : EventValidator.model("model", modelFromUrl(body.repoUrl()));
        } catch (InvalidEventException e) {
            throw new ProblemException(400, "Invalid build request", e.getMessage());
        }
        BuildRequest request = new BuildRequest(model, body.version(), body.repoUrl().strip(), null, "rest", Instant.now());
        builds.submit(request, null);
        return Response.accepted(Map.of("releaseId", Release.releaseIdOf(model, body.version()))).build();
    }

    @GET
    @Path("/{releaseId}")
    public Map<String, Object> state(@PathParam("releaseId") String releaseId) {
        BuildState state = builds.state(releaseId)
                .orElseThrow(() -> new ProblemException(404, "Unknown build", "no build of '" + releaseId + "' is known here"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("releaseId", releaseId);
        answer.put("state", state.state().name());
        if (state.image() != null) {
            answer.put("image", state.image());
            answer.put("imageId", state.imageId());
        }
        if (state.reason() != null) {
            answer.put("reason", state.reason());
            answer.put("message", state.message());
        }
        answer.put("logTail", state.logTail() == null ? "" : state.logTail());
        return answer;
    }

    /** {@code https://host/org/hello-model.git} names the model {@code hello-model}. */
    static String modelFromUrl(String repoUrl) {
        String path = repoUrl.strip().replaceAll("[/\\\\]+$", "");
        String last = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1);
        if (last.endsWith(".git")) {
            last = last.substring(0, last.length() - 4);
        }
        return last.toLowerCase(Locale.ROOT);
    }
}
