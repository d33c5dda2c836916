package dev.relay.modelinfo.rest;

import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.EventValidator;
import dev.relay.events.Image;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.problem.Problem;
import dev.relay.events.stage.StageFailure;
import dev.relay.events.stage.StageRunner;
import dev.relay.modelinfo.core.ChangelogEntry;
import dev.relay.modelinfo.core.CommitRef;
import dev.relay.modelinfo.core.Migration;
import dev.relay.modelinfo.core.MigrationReader;
import dev.relay.modelinfo.core.Migrator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The by-hand way to migrate. {@code up} for a release (with {@code version} and {@code image}) is the
 * stage itself, through the same StageRunner as env.verified; a dry run, an {@code up} at a bare commit
 * and {@code down} are operations of the core that publish nothing.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class MigrationResource {

    /** Release id recorded in the changelog for runs started over REST that are not a release. */
    public static final String MANUAL = "manual";
    /** {@code taggedBy} of a release run by hand: the tag's pusher is not known here. */
    public static final String TAGGED_BY = "rest";

    private final Migrator migrator;
    private final MigrationReader reader;
    private final StageRunner<EnvVerified> runner;
    private final EventCodec codec;

    public MigrationResource(Migrator migrator, MigrationReader reader, StageRunner<EnvVerified> runner, EventCodec codec) {
        this.migrator = migrator;
        this.reader = reader;
        this.runner = runner;
        this.codec = codec;
    }

    @POST
    @Path("/migrate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response migrate(MigrateRequest request) {
        if (request == null) {
            throw new InvalidRequestException("body",
                    "is required: a JSON object {model, action, version?, repoUrl?, commit?, image?, target?, dryRun?}");
        }
        String model = EventValidator.model("model", RequestFields.bounded("model", request.model(), RequestFields.TEXT_MAX));
        String action = RequestFields.bounded("action", request.action(), RequestFields.TEXT_MAX);
        if (!"up".equals(action) && !"down".equals(action)) {
            throw new InvalidRequestException("action", "must be 'up' or 'down', got " + (action == null ? "nothing" : "'" + action + "'"));
        }
        boolean dryRun = Boolean.TRUE.equals(request.dryRun());
        boolean hasRepo = present(request.repoUrl());
        boolean hasCommit = present(request.commit());
        if (hasRepo != hasCommit) {
            throw new InvalidRequestException(hasRepo ? "commit" : "repoUrl", "repoUrl and commit go together: give both or neither");
        }
        if (hasRepo) {
            // Credentials are refused for every read, as in any event, not only for a release.
            RequestFields.repoUrl("repoUrl", request.repoUrl());
            EventValidator.commit("commit", request.commit());
        }
        String version = request.version() == null ? null
                : EventValidator.version("version", RequestFields.bounded("version", request.version(), RequestFields.TEXT_MAX));
        String target = RequestFields.bounded("target", request.target(), RequestFields.TEXT_MAX);
        if ("up".equals(action)) {
            if (!hasRepo) {
                throw new InvalidRequestException("repoUrl", "action up needs repoUrl and commit to read the migration files from");
            }
            if (target != null) {
                throw new InvalidRequestException("target", "applies to action down only");
            }
            if (version != null && !dryRun) {
                return release(model, version, request);
            }
            CommitRef at = new CommitRef(request.repoUrl(), request.commit(), version);
            return Response.ok(migrator.up(model, MANUAL, reader.read(at, null), dryRun)).build();
        }
        if (target != null && target.isBlank()) {
            throw new InvalidRequestException("target", "must not be blank (a migration id or its epoch-millis prefix)");
        }
        if (migrator.changelog(model).isEmpty()) {
            throw new ProblemException(Problem.of(404, "not-found", "no migration of model " + model + " was ever recorded here"));
        }
        Map<String, Migration> overrides = hasRepo
                ? reader.read(new CommitRef(request.repoUrl(), request.commit(), version), null).stream()
                        .collect(Collectors.toMap(Migration::id, Function.identity()))
                : Map.of();
        return Response.ok(migrator.down(model, MANUAL, target, overrides, dryRun)).build();
    }

    /** The stage by hand: the env.verified this request stands for, through the StageRunner; answers what was published. */
    private Response release(String model, String version, MigrateRequest request) {
        Image image = request.image();
        if (image == null) {
            throw new InvalidRequestException("image", "{ref, id} is required for up of a release (version): "
                    + "modelinfo.migrated hands it to the next stage");
        }
        RequestFields.imageRef("image.ref", image.ref());
        RequestFields.imageId("image.id", image.id());
        if (image.sizeBytes() < 0) {
            throw new InvalidRequestException("image.sizeBytes", "must not be negative");
        }
        Release release = Release.of(model, version, request.repoUrl(), request.commit(), TAGGED_BY, Instant.now());
        // The stage reads only the release, the image and the model config (null: relay.yaml is read at the commit);
        // env-migrator's environment report is not known here.
        RelayEvent outcome = runner.run(new EnvVerified(release, image, null, null, List.of()));
        if (outcome instanceof ReleaseFailed failed) {
            throw new StageFailure(failed.reason(), failed.message(), failed.detail());
        }
        return Response.ok(codec.encodeToString(outcome), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/migrations/{model}")
    public List<ChangelogView> changelog(@PathParam("model") String model) {
        EventValidator.model("model", RequestFields.bounded("model", model, RequestFields.TEXT_MAX));
        List<ChangelogEntry> entries = migrator.changelog(model);
        if (entries.isEmpty()) {
            throw new ProblemException(Problem.of(404, "not-found", "no migration of model " + model + " was ever recorded here"));
        }
        return entries.stream().map(ChangelogView::of).toList();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** A changelog entry without the stored source, which is for the service's own use. */
    public record ChangelogView(String migrationId, String fileName, String checksum, String state, String releaseId,
                                Instant appliedAt, long durationMillis, long matched, long modified, int operationsDone,
                                String error) {
        static ChangelogView of(ChangelogEntry e) {
            return new ChangelogView(e.migrationId(), e.fileName(), e.checksum(), e.state().value(), e.releaseId(),
                    e.appliedAt(), e.durationMillis(), e.matched(), e.modified(), e.operationsDone(), e.error());
        }
    }
}
