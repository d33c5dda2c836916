package dev.relay.builder.rest;

import dev.relay.builder.core.BuildFailure;
import dev.relay.builder.core.BuildQueue;
import dev.relay.builder.core.BuildState;
import dev.relay.builder.core.SourceCheckout;
import dev.relay.events.EventValidator;
import dev.relay.events.Redaction;
import dev.relay.events.Release;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.problem.Problem;
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
import org.jboss.logging.Logger;

/**
 * Builds by hand. The request becomes the {@code release.tagged} event a tag push would have
 * published (the tag resolved to its commit first, {@code taggedBy} = {@code rest}) and takes the
 * same path as one: queue, stage runner, the same events and the same replay.
 */
@Path("/builds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BuildsResource {

    private static final Logger LOG = Logger.getLogger(BuildsResource.class);

    /** The body of {@code POST /builds}; {@code model} defaults to the repository's name. */
    public record StartBuild(String repoUrl, String version, String model) {
    }

    private final BuildQueue queue;
    private final SourceCheckout checkout;

    public BuildsResource(BuildQueue queue, SourceCheckout checkout) {
        this.queue = queue;
        this.checkout = checkout;
    }

    @POST
    public Response start(StartBuild body) {
        if (body == null) {
            throw new ProblemException(Problem.invalid("body", "is required: a JSON object {\"repoUrl\", \"version\", \"model\"?}"));
        }
        // The same rules as the event's release block; credentials in the URL are refused, as in any event.
        String version = EventValidator.version("version", RequestFields.bounded("version", body.version(), RequestFields.TEXT_MAX));
        String repoUrl = RequestFields.repoUrl("repoUrl", body.repoUrl() == null ? null : body.repoUrl().strip());
        String model = body.model() != null
                ? EventValidator.model("model", RequestFields.bounded("model", body.model(), RequestFields.TEXT_MAX))
                : modelOf(repoUrl);
        String commit;
        try {
            commit = checkout.resolveTag(repoUrl, version).orElseThrow(() -> new ProblemException(404, BuildFailure.UNKNOWN_TAG,
                    "version: tag '" + version + "' does not exist in " + Redaction.redact(repoUrl)));
        } catch (BuildFailure e) {
            throw new ProblemException(502, e.reason(), e.getMessage());
        }
        ReleaseTagged input = EventValidator.validate(new ReleaseTagged(Release.of(model, version, repoUrl, commit, "rest", Instant.now())));
        queue.submit(input).whenComplete((outcome, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "could not publish the result of %s (requested over REST)", input.release().releaseId());
            }
        });
        return Response.accepted(Map.of("releaseId", input.release().releaseId(), "commit", commit)).build();
    }

    @GET
    @Path("/{releaseId}")
    public Map<String, Object> state(@PathParam("releaseId") String releaseId) {
        RequestFields.releaseId("releaseId", releaseId);
        BuildState state = queue.states().state(releaseId)
                .orElseThrow(() -> new ProblemException(404, "not-found", "releaseId: no build of '" + releaseId + "' is known here"));
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

    /** The model a repository URL names when the request names none; a name that is not a model's asks for {@code model}. */
    private static String modelOf(String repoUrl) {
        String model = modelFromUrl(repoUrl);
        if (!EventValidator.MODEL_NAME.matcher(model).matches()) {
            throw new ProblemException(Problem.invalid("model", "is required: the repository's name '"
                    + (model.length() <= 80 ? model : model.substring(0, 80) + "…") + "' is not a model name ("
                    + EventValidator.MODEL_NAME.pattern() + ")"));
        }
        return model;
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
