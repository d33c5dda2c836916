package dev.relay.env.rest;

import dev.relay.env.core.Cutover;
import dev.relay.env.core.EnvDiffer;
import dev.relay.env.core.EnvironmentHistory;
import dev.relay.env.core.EnvironmentRecord;
import dev.relay.env.core.SpecExporter;
import dev.relay.events.EnvDiff;
import dev.relay.env.core.campaign.Inventory;
import dev.relay.env.core.campaign.ModelMark;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Every model's environments: the inventory ({@code GET /environments}), its marks, the export of every current
 * environment, and per model its history, current environment, diffs, exported specs and rollback. One resource,
 * so the literal {@code export} is matched before the {@code {model}} template.
 */
@Path("/environments")
@Produces(MediaType.APPLICATION_JSON)
public class EnvironmentResource {

    public record DiffAnswer(String model, String from, String to, EnvDiff diff) {
    }

    public record RollbackAnswer(String model, String current, String redeployImage, String retired, String retiredImage) {
    }

    public record MarkRequest(String mark) {
    }

    public record MarkAnswer(String model, ModelMark mark) {
    }

    private final EnvironmentHistory history;
    private final Cutover cutover;
    private final Inventory inventory;
    private final Clock clock;

    public EnvironmentResource(EnvironmentHistory history, Cutover cutover, Inventory inventory, Clock clock) {
        this.history = history;
        this.cutover = cutover;
        this.inventory = inventory;
        this.clock = clock;
    }

    /** Every model with its current release, image, interpreter, package count, when verified, and its mark. */
    @GET
    public List<Inventory.Entry> inventory() {
        return inventory.list();
    }

    /** A zip of every current environment as {@code <model>/requirements.txt} and {@code <model>/environment.yml}. */
    @GET
    @Path("export")
    @Produces("application/zip")
    public Response export() {
        return Response.ok(inventory.export(), "application/zip")
                .header("Content-Disposition", "attachment; filename=\"environments.zip\"").build();
    }

    /** {@code replicate} (the default) or {@code retire}: campaigns skip retired models; the export keeps them. */
    @PUT
    @Path("{model}/mark")
    @Consumes(MediaType.APPLICATION_JSON)
    public MarkAnswer mark(@PathParam("model") String model, MarkRequest request) {
        RequestFields.model("model", model);
        if (request == null || request.mark() == null) {
            throw ProblemException.badRequest("mark", "is required: 'replicate' or 'retire'");
        }
        ModelMark mark;
        try {
            mark = ModelMark.of(RequestFields.bounded("mark", request.mark(), RequestFields.TEXT_MAX));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("mark", e.getMessage());
        }
        if (!inventory.mark(model, mark, clock.instant())) {
            throw ProblemException.notFound("no environment of model " + model + " was ever verified");
        }
        return new MarkAnswer(model, mark);
    }

    @GET
    @Path("{model}")
    public List<EnvironmentRecord> history(@PathParam("model") String model) {
        return known(model);
    }

    @GET
    @Path("{model}/current")
    public EnvironmentRecord current(@PathParam("model") String model) {
        known(model);
        return history.current(model)
                .orElseThrow(() -> ProblemException.notFound("model " + model + " has no current environment yet"));
    }

    @GET
    @Path("{model}/diff")
    public DiffAnswer diff(@PathParam("model") String model, @QueryParam("from") String from, @QueryParam("to") String to) {
        RequestFields.model("model", model);
        RequestFields.releaseId("from", model, from);
        RequestFields.releaseId("to", model, to);
        known(model);
        EnvironmentRecord a = release(model, from);
        EnvironmentRecord b = release(model, to);
        if (a.environment() == null || b.environment() == null) {
            throw ProblemException.conflict("release " + (a.environment() == null ? from : to) + " has no environment (its probe failed)");
        }
        return new DiffAnswer(model, from, to, EnvDiffer.diff(a.environment(), b.environment()));
    }

    @GET
    @Path("{model}/{releaseId}/spec")
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public String spec(@PathParam("model") String model, @PathParam("releaseId") String releaseId,
                       @QueryParam("format") String format) {
        SpecExporter.Format f;
        try {
            f = SpecExporter.Format.of(RequestFields.bounded("format", format, RequestFields.TEXT_MAX));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("format", "must be 'requirements' or 'conda', not '" + format + "'");
        }
        RequestFields.model("model", model);
        RequestFields.releaseId("releaseId", model, releaseId);
        known(model);
        EnvironmentRecord r = release(model, releaseId);
        if (r.environment() == null) {
            throw ProblemException.conflict("release " + releaseId + " has no environment to export (its probe failed)");
        }
        return SpecExporter.export(f, model, releaseId, r.environment());
    }

    @POST
    @Path("{model}/rollback")
    public RollbackAnswer rollback(@PathParam("model") String model) {
        known(model);
        try {
            Cutover.Rollback r = cutover.rollback(model);
            return new RollbackAnswer(model, r.current().releaseId(), r.current().imageRef(), r.retired().releaseId(),
                    r.retired().imageRef());
        } catch (Cutover.NothingToRollBack e) {
            throw ProblemException.conflict(e.getMessage());
        }
    }

    /** The model's history; a model name that is not one is a 400, a model never verified here a 404. */
    private List<EnvironmentRecord> known(String model) {
        RequestFields.model("model", model);
        List<EnvironmentRecord> all = history.history(model);
        if (all.isEmpty()) {
            throw ProblemException.notFound("no environment of model " + model + " was ever verified");
        }
        return all;
    }

    /** A release id already checked to be one of {@code model}'s; 404 when none was verified. */
    private EnvironmentRecord release(String model, String releaseId) {
        return history.find(releaseId).filter(r -> r.model().equals(model))
                .orElseThrow(() -> ProblemException.notFound("model " + model + " has no environment for release " + releaseId));
    }
}
