package dev.relay.bumper.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.bumper.core.Bumper;
import dev.relay.bumper.core.DeployHistory;
import dev.relay.bumper.core.RollbackProgress;
import dev.relay.events.EventValidator;
import dev.relay.events.InvalidEventException;
import dev.relay.events.Release;
import dev.relay.events.Rollback;
import dev.relay.events.RollbackRequested;
import dev.relay.events.problem.Problem;
import dev.relay.events.problem.StrictJson;
import dev.relay.events.stage.EventSink;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * A release rolled back through every stage in reverse, as one request: planned here against the GitOps
 * history (400 for what cannot be rolled back, 409 while the model has a rollback or release under way),
 * then published as {@code rollback.requested}; release-bumper, modelinfo-migrator and env-migrator each do
 * their step. {@code GET /rollbacks/{id}} follows it.
 */
@Path("/rollbacks")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RollbackResource {

    /**
     * @param to         the version to go back to; default: the release deployed before the current one
     * @param rollbackId your own suffix for the id ({@code [a-z0-9][a-z0-9-]{0,39}}); default: random
     */
    public record RollbackBody(String model, String to, String reason, Boolean dryRun, String rollbackId) {
    }

    public record Accepted(String rollbackId, String model, String from, String to, boolean dryRun, String state,
                           List<String> undoes) {
    }

    private static final ObjectMapper JSON = StrictJson.strict(new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
    private static final int REASON_MAX = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Bumper bumper;
    private final RollbackProgress progress;
    private final EventSink publisher;
    private final Clock clock;

    public RollbackResource(Bumper bumper, RollbackProgress progress, dev.relay.bumper.messaging.EventPublisher publisher) {
        this.bumper = bumper;
        this.progress = progress;
        this.publisher = publisher;
        this.clock = Clock.systemUTC();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(String json) throws JsonProcessingException {
        RollbackBody body = json == null || json.isBlank() ? null : JSON.readValue(json, RollbackBody.class);
        if (body == null) {
            throw new InvalidEventException("body", "is required: {\"model\", \"to\"?, \"reason\"?, \"dryRun\"?}");
        }
        String model = EventValidator.model("model", bounded("model", body.model(), 255));
        String to = body.to() == null ? null : EventValidator.version("to", bounded("to", body.to(), 255));
        String reason = body.reason() == null ? "" : bounded("reason", body.reason(), REASON_MAX);
        String suffix = body.rollbackId() == null ? HexFormat.of().formatHex(RANDOM.generateSeed(4))
                : bounded("rollbackId", body.rollbackId(), 40);
        if (!Rollback.SUFFIX.matcher(suffix).matches()) {
            throw new InvalidEventException("rollbackId", "'" + suffix + "' is not a rollback id suffix (" + Rollback.SUFFIX.pattern() + ")");
        }
        boolean dryRun = Boolean.TRUE.equals(body.dryRun());
        DeployHistory history = bumper.deployHistory(model);
        if (body.rollbackId() != null) {
            Response resumed = resume(history, model, to, suffix, reason, dryRun);
            if (resumed != null) {
                return resumed;
            }
        }
        DeployHistory.Plan plan;
        try {
            plan = history.plan(to);
        } catch (DeployHistory.Refused e) {
            throw new InvalidEventException(e.field(), e.getMessage());
        }
        DeployHistory.Deployed target = plan.target();
        if (target.sourceRepo() == null || target.sourceCommit() == null) {
            throw new InvalidEventException("to", target.releaseId() + " was deployed before Relay recorded where releases "
                    + "come from (Relay-Source-Repo); roll it back by hand: POST /bumps");
        }
        progress.inFlight(model).ifPresent(busy -> {
            throw new Conflict(model + " has " + (Rollback.isRollbackId(busy) ? "the rollback " : "the release ") + busy
                    + " under way; try again once it has finished");
        });
        String rollbackId = Rollback.idOf(model, target.version(), suffix);
        Release release = new Release(rollbackId, model, target.version(), target.sourceRepo(), target.sourceCommit(),
                "release-bumper", clock.instant());
        RollbackRequested event = EventValidator.validate(new RollbackRequested(release,
                new Rollback(rollbackId, model, null, target.version(), reason, dryRun, List.of())));
        progress.apply(event);
        publisher.publish(event);
        return Response.accepted(new Accepted(rollbackId, model, plan.from().version(), target.version(), dryRun, "requested",
                plan.undone().stream().map(DeployHistory.Deployed::releaseId).toList())).build();
    }

    /**
     * The same request again, for a rollback that committed or failed before: its request is published again, so the
     * chain resumes where it stopped (each step replays what it did, does what it did not). Null when it is new.
     */
    private Response resume(DeployHistory history, String model, String to, String suffix, String reason, boolean dryRun) {
        java.util.Optional<String> known = to != null ? java.util.Optional.of(Rollback.idOf(model, to, suffix))
                : progress.idWithSuffix(model, suffix);
        if (known.isEmpty()) {
            return null;
        }
        String rollbackId = known.get();
        boolean committed = !dryRun && bumper.rollbackCommit(rollbackId).isPresent();
        boolean failed = progress.find(rollbackId).map(v -> v.state() == RollbackProgress.State.failed).orElse(false);
        if (!committed && !failed) {
            return null;
        }
        String target = rollbackId.substring(rollbackId.indexOf('@') + 1, rollbackId.indexOf(Rollback.MARKER));
        DeployHistory.Deployed deployed = history.deployed(Release.releaseIdOf(model, target)).orElse(null);
        if (deployed == null || deployed.sourceRepo() == null || deployed.sourceCommit() == null) {
            return null;
        }
        RollbackRequested again = EventValidator.validate(new RollbackRequested(new Release(rollbackId, model, target,
                deployed.sourceRepo(), deployed.sourceCommit(), "release-bumper", clock.instant()),
                new Rollback(rollbackId, model, null, target, reason, dryRun, List.of())));
        progress.apply(again);
        publisher.publish(again);
        return Response.accepted(new Accepted(rollbackId, model, null, target, dryRun, "resumed", List.of())).build();
    }

    @GET
    @Path("/{rollbackId}")
    public RollbackProgress.View get(@PathParam("rollbackId") String rollbackId) {
        if (!Rollback.isRollbackId(bounded("rollbackId", rollbackId, 400))) {
            throw new InvalidEventException("rollbackId", "'" + rollbackId + "' is not a rollback id (<model>@<to>"
                    + Rollback.MARKER + "<suffix>)");
        }
        return progress.find(rollbackId).orElseThrow(() -> new BumpResource.NotFoundException("no rollback " + rollbackId
                + " is known here"));
    }

    private static String bounded(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidEventException(field, "is longer than " + max + " characters");
        }
        return value;
    }

    /** Another rollback or a release of the model is under way. */
    static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message);
        }

        Response response() {
            return Problem.of(409, "in-flight", getMessage()).response();
        }
    }
}
