package dev.relay.bumper.rest;

import dev.relay.events.problem.StrictJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.bumper.config.ByHand;
import dev.relay.bumper.core.BumpRecord;
import dev.relay.bumper.core.BumpResult;
import dev.relay.bumper.core.Bumper;
import dev.relay.bumper.core.ImageRef;
import dev.relay.events.EventValidator;
import dev.relay.events.GitOps;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.InvalidEventException;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.stage.StageFailure;
import dev.relay.events.stage.StageRunner;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/**
 * Bumps by hand (through the stage runner, so they publish their events like a release), rolls
 * back, and shows a model's bump history (both straight from the GitOps repository).
 */
@Path("/bumps")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BumpResource {

    /** {@code version} (a git tag) names the bump in its events and commit subject; default: the image's tag. */
    public record BumpBody(String model, String image, String version) {
    }

    public record BumpAnswer(String commit, List<String> files, String from, String to, boolean noop) {
        static BumpAnswer of(GitOps g) {
            return new BumpAnswer(g.commit(), g.files(), g.from(), g.to(), g.noop());
        }

        static BumpAnswer of(BumpResult r) {
            return new BumpAnswer(r.commit(), r.files(), r.from(), r.to(), r.noop());
        }
    }

    /** Names, tags: a git tag is one path component of at most 255 bytes on common file systems. */
    static final int TEXT_MAX = 255;
    /** As {@link ImageRef} accepts. */
    static final int IMAGE_MAX = 512;

    private static final ObjectMapper JSON = StrictJson.strict(new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));

    private final StageRunner<ModelInfoMigrated> byHand;
    private final Bumper bumper;

    public BumpResource(@ByHand StageRunner<ModelInfoMigrated> byHand, Bumper bumper) {
        this.byHand = byHand;
        this.bumper = bumper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public BumpAnswer bump(String json) throws JsonProcessingException {
        BumpBody body = parse(json);
        String model = model(body.model());
        if (body.image() == null || body.image().isBlank()) {
            throw new InvalidEventException("image", "is required");
        }
        bounded("image", body.image(), IMAGE_MAX);
        ImageRef image = ImageRef.tryParse(body.image()).orElseThrow(() -> new InvalidEventException("image",
                "'" + body.image() + "' is not an image reference ([registry[:port]/]name[:tag][@digest])"));
        if (image.tag().isEmpty() && image.digest().isEmpty()) {
            throw new InvalidEventException("image", "'" + body.image() + "' names neither a tag nor a digest");
        }
        String version = body.version() != null ? bounded("version", body.version(), TEXT_MAX) : image.tag()
                .orElseThrow(() -> new InvalidEventException("version", "is required when the image has no tag"));
        EventValidator.version("version", version);
        RelayEvent outcome = byHand.run(BumpByHand.event(model, image, version, Instant.now()));
        if (outcome instanceof ReleaseFailed failed) {
            throw new StageFailure(failed.reason(), failed.message(), failed.detail());
        }
        return BumpAnswer.of(((GitOpsUpdated) outcome).gitops());
    }

    /**
     * Parsed here rather than by the framework so that every malformed body gets the same problem answer;
     * a value of the wrong type ({@code "model": 5}) is refused, not coerced ({@link StrictJson}), and the
     * {@link JsonProcessingException} becomes a problem naming the field ({@link ProblemMappers#unreadableJson}).
     */
    private BumpBody parse(String json) throws JsonProcessingException {
        BumpBody body = json == null || json.isBlank() ? null : JSON.readValue(json, BumpBody.class);
        if (body == null) {
            throw new InvalidEventException("body", "is required: {\"model\", \"image\", \"version\"?}");
        }
        return body;
    }

    @POST
    @Path("/{model}/rollback")
    public BumpAnswer rollback(@PathParam("model") String model) {
        return BumpAnswer.of(bumper.rollback(model(model)));
    }

    /** The model's bumps, newest first; a model the GitOps history never saw bumped is a 404, not an empty list. */
    @GET
    @Path("/{model}")
    public List<BumpRecord> history(@PathParam("model") String model) {
        List<BumpRecord> bumps = bumper.history(model(model));
        if (bumps.isEmpty()) {
            throw new NotFoundException("no bump of model " + model + " is recorded in the GitOps repository");
        }
        return bumps;
    }

    private static String model(String model) {
        return EventValidator.model("model", bounded("model", model, TEXT_MAX));
    }

    /** Checked before the field's own rule, so that an oversized value is never echoed back. */
    private static String bounded(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidEventException(field, "is longer than " + max + " characters");
        }
        return value;
    }

    /** A bump asked for that names no model the GitOps history knows. */
    static final class NotFoundException extends RuntimeException {
        NotFoundException(String message) {
            super(message);
        }
    }
}
