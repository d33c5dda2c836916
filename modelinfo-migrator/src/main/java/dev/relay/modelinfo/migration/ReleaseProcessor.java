package dev.relay.modelinfo.migration;

import dev.relay.events.EnvVerified;
import dev.relay.events.Migrations;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.StageEvents;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One stage of the chain: env.verified in, modelinfo.migrated or release.failed out, with
 * release.status around the work. Idempotent on releaseId.
 */
public final class ReleaseProcessor {

    public static final String STAGE = "modelinfo-migrator";
    private static final Logger LOG = Logger.getLogger(ReleaseProcessor.class.getName());

    /** Failures that may pass by themselves: not remembered, so a re-delivery tries again. */
    private static final Set<String> TRANSIENT = Set.of(MigrationException.LOCKED, MigrationException.CHECKOUT_FAILED);

    private final MigrationSource source;
    private final Migrator migrator;
    private final ReleaseResults results;
    private final StageEvents stage;

    public ReleaseProcessor(MigrationSource source, Migrator migrator, ReleaseResults results, StageEvents stage) {
        this.source = source;
        this.migrator = migrator;
        this.results = results;
        this.stage = stage;
    }

    /** Processes one event, handing every event to publish to {@code publish} in order. */
    public void process(EnvVerified event, Consumer<RelayEvent> publish) {
        Release release = event.release();
        Optional<RelayEvent> earlier;
        try {
            earlier = results.find(release.releaseId());
        } catch (RuntimeException e) {
            // The database is unreachable: the run below fails the same way and says so in release.failed.
            LOG.log(Level.WARNING, "could not look up the earlier outcome of " + release.releaseId(), e);
            earlier = Optional.empty();
        }
        if (earlier.isPresent()) {
            LOG.info(() -> release.releaseId() + " was processed before; re-publishing its outcome");
            publish.accept(earlier.get());
            return;
        }
        long started = System.nanoTime();
        publish.accept(stage.started(release));
        RelayEvent outcome;
        try {
            MigrationResult result = migrator.up(release.model(), release.releaseId(),
                    source.read(release.repoUrl(), release.commit()), false);
            outcome = new ModelInfoMigrated(release, event.image(), new Migrations(result.applied(),
                    result.alreadyApplied(), result.collection(), result.millis()));
            results.save(release.releaseId(), outcome);
        } catch (MigrationException e) {
            outcome = failure(release, e);
            if (!TRANSIENT.contains(e.reason())) {
                results.save(release.releaseId(), outcome);
            }
        } catch (RuntimeException e) {
            // The database or the lock store is unreachable: nothing to remember, a re-delivery retries.
            LOG.log(Level.WARNING, "migrating " + release.releaseId() + " failed unexpectedly", e);
            outcome = stage.failure(release, MigrationException.FAILED, "migrating ModelInfo failed: " + e.getMessage(), null);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        publish.accept(outcome);
        publish.accept(outcome instanceof ReleaseFailed ? stage.failed(release, millis) : stage.succeeded(release, millis));
    }

    private ReleaseFailed failure(Release release, MigrationException e) {
        String detail = e.migrationId() == null ? null
                : "migration: " + e.migrationId() + (e.operation() == null ? "" : "\noperation: " + e.operation());
        return stage.failure(release, e.reason(), e.getMessage(), detail);
    }
}
