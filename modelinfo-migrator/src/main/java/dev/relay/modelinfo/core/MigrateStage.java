package dev.relay.modelinfo.core;

import dev.relay.events.EnvVerified;
import dev.relay.events.Migrations;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.stage.Stage;

/**
 * The stage's work: env.verified in, modelinfo.migrated out. Reads the migrations at the release's
 * commit and applies the pending ones; status events, failures and replays are the StageRunner's.
 */
public final class MigrateStage implements Stage<EnvVerified> {

    /** The stage's name in every event it publishes. */
    public static final String STAGE = "modelinfo-migrator";

    private final MigrationReader reader;
    private final Migrator migrator;

    public MigrateStage(MigrationReader reader, Migrator migrator) {
        this.reader = reader;
        this.migrator = migrator;
    }

    @Override
    public RelayEvent run(EnvVerified event) {
        Release release = event.release();
        MigrationResult result = migrator.up(release.model(), release.releaseId(),
                reader.read(CommitRef.of(release), event.modelConfig()), false);
        // The model config travels on unchanged (null stays null) for the stages after this one.
        return new ModelInfoMigrated(release, event.image(),
                new Migrations(result.applied(), result.alreadyApplied(), result.collection(), result.millis()),
                event.modelConfig());
    }
}
