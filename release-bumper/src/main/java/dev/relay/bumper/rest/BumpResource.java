package dev.relay.bumper.rest;

import dev.relay.bumper.app.GitOpsService;
import dev.relay.bumper.core.BumpRecord;
import dev.relay.bumper.core.BumpRequest;
import dev.relay.bumper.core.BumpResult;
import dev.relay.bumper.core.ImageRef;
import dev.relay.events.EventValidator;
import dev.relay.events.InvalidEventException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Bumps by hand, rolls back, and shows a model's bump history (all from and to the GitOps repository). */
@Path("/bumps")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BumpResource {

    public record BumpBody(String model, String image) {
    }

    public record BumpAnswer(String commit, List<String> files, String from, String to, boolean noop) {
        static BumpAnswer of(BumpResult r) {
            return new BumpAnswer(r.commit(), r.files(), r.from(), r.to(), r.noop());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final GitOpsService gitops;

    public BumpResource(GitOpsService gitops) {
        this.gitops = gitops;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public BumpAnswer bump(String json) {
        BumpBody body = parse(json);
        String model = EventValidator.model("model", body.model());
        if (body.image() == null || body.image().isBlank()) {
            throw new InvalidEventException("image", "is required");
        }
        ImageRef image = ImageRef.tryParse(body.image()).orElseThrow(() -> new InvalidEventException("image",
                "'" + body.image() + "' is not an image reference ([registry[:port]/]name[:tag][@digest])"));
        if (image.tag().isEmpty() && image.digest().isEmpty()) {
            throw new InvalidEventException("image", "'" + body.image() + "' names neither a tag nor a digest");
        }
        return BumpAnswer.of(gitops.bumper().bump(BumpRequest.manual(model, image)));
    }

    /** Parsed here rather than by the framework so that every malformed body gets the same problem answer. */
    private BumpBody parse(String json) {
        try {
            BumpBody body = json == null || json.isBlank() ? null : JSON.readValue(json, BumpBody.class);
            if (body == null) {
                throw new InvalidEventException("body", "is required: {\"model\", \"image\"}");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidEventException("body", "is not a JSON object {\"model\", \"image\"}");
        }
    }

    @POST
    @Path("/{model}/rollback")
    public BumpAnswer rollback(@PathParam("model") String model) {
        return BumpAnswer.of(gitops.bumper().rollback(EventValidator.model("model", model)));
    }

    @GET
    @Path("/{model}")
    public List<BumpRecord> history(@PathParam("model") String model) {
        return gitops.bumper().history(EventValidator.model("model", model));
    }
}
