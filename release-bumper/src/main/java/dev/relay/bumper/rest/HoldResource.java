package dev.relay.bumper.rest;

import dev.relay.bumper.core.Bumper;
import dev.relay.events.EventValidator;
import dev.relay.events.Release;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * The releases a rollback undid: held, so a re-delivered or re-pushed event of one does not bump GitOps again
 * ({@code release.failed}, reason {@code held}) until its hold is lifted. Both are commits in the GitOps
 * repository (the rollback's {@code Relay-Held}, an empty commit's {@code Relay-Hold-Lifted}): who and when is
 * in its history.
 */
@Path("/holds")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class HoldResource {

    public record Hold(String model, String version, String releaseId, String heldBy) {
    }

    public record Lifted(String model, String version, String releaseId, String commit) {
    }

    private final Bumper bumper;

    public HoldResource(Bumper bumper) {
        this.bumper = bumper;
    }

    @GET
    public List<Hold> list() {
        List<Hold> holds = new ArrayList<>();
        for (String model : bumper.modelsWithRollbacks()) {
            bumper.deployHistory(model).holds().forEach((releaseId, rollbackId) -> holds.add(
                    new Hold(model, releaseId.substring(releaseId.indexOf('@') + 1), releaseId, rollbackId)));
        }
        holds.sort(java.util.Comparator.comparing(Hold::releaseId));
        return holds;
    }

    @DELETE
    @Path("/{model}/{version}")
    public Lifted lift(@PathParam("model") String model, @PathParam("version") String version) {
        EventValidator.model("model", model);
        EventValidator.version("version", version);
        String releaseId = Release.releaseIdOf(model, version);
        if (bumper.deployHistory(model).heldBy(releaseId).isEmpty()) {
            throw new BumpResource.NotFoundException(releaseId + " is not held");
        }
        return new Lifted(model, version, releaseId, bumper.liftHold(model, releaseId));
    }
}
