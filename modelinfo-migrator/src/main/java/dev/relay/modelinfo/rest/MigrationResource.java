package dev.relay.modelinfo.rest;

import dev.relay.events.EventValidator;
import dev.relay.modelinfo.migration.ChangelogEntry;
import dev.relay.modelinfo.migration.Migration;
import dev.relay.modelinfo.migration.MigrationResult;
import dev.relay.modelinfo.migration.MigrationSource;
import dev.relay.modelinfo.migration.Migrator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The by-hand way to migrate: operators apply, roll back and inspect a model's migrations. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class MigrationResource {

    /** Release id recorded in the changelog for runs started over REST rather than by a release event. */
    public static final String MANUAL = "manual";

    private final Migrator migrator;
    private final MigrationSource source;

    public MigrationResource(Migrator migrator, MigrationSource source) {
        this.migrator = migrator;
        this.source = source;
    }

    @POST
    @Path("/migrate")
    @Consumes(MediaType.APPLICATION_JSON)
    public MigrationResult migrate(MigrateRequest request) {
        if (request == null) {
            throw new InvalidRequestException("a JSON body {model, action, repoUrl?, commit?, target?, dryRun?} is required");
        }
        String model = EventValidator.model("model", request.model());
        boolean dryRun = Boolean.TRUE.equals(request.dryRun());
        boolean hasRepo = request.repoUrl() != null && !request.repoUrl().isBlank();
        boolean hasCommit = request.commit() != null && !request.commit().isBlank();
        if (hasRepo != hasCommit) {
            throw new InvalidRequestException("repoUrl and commit go together: give both or neither");
        }
        if (hasCommit) {
            EventValidator.commit("commit", request.commit());
        }
        if ("up".equals(request.action())) {
            if (!hasRepo) {
                throw new InvalidRequestException("action up needs repoUrl and commit to read the migration files from");
            }
            if (request.target() != null) {
                throw new InvalidRequestException("target applies to action down only");
            }
            return migrator.up(model, MANUAL, source.read(request.repoUrl(), request.commit()), dryRun);
        }
        if ("down".equals(request.action())) {
            Map<String, Migration> overrides = hasRepo
                    ? source.read(request.repoUrl(), request.commit()).stream()
                            .collect(Collectors.toMap(Migration::id, Function.identity()))
                    : Map.of();
            return migrator.down(model, MANUAL, request.target(), overrides, dryRun);
        }
        throw new InvalidRequestException("action must be 'up' or 'down', got " + (request.action() == null ? "nothing"
                : "'" + request.action() + "'"));
    }

    @GET
    @Path("/migrations/{model}")
    public List<ChangelogView> changelog(@PathParam("model") String model) {
        EventValidator.model("model", model);
        return migrator.changelog(model).stream().map(ChangelogView::of).toList();
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
