package dev.relay.modelinfo.core;

import dev.relay.events.EnvVerified;
import dev.relay.events.Migrations;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.stage.Stage;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
        List<Migration> present = reader.read(CommitRef.of(release), event.modelConfig());
        MigrationResult result = migrator.up(release.model(), release.releaseId(), present, false);
        // What a rollback across this release could not undo: the applied migrations without down operations.
        Set<String> withoutDown = present.stream().filter(m -> m.down().isEmpty()).map(Migration::id).collect(Collectors.toSet());
        List<String> irreversible = result.applied().stream().filter(withoutDown::contains).toList();
        // The model config travels on unchanged (null stays null) for the stages after this one.
        return new ModelInfoMigrated(release, event.image(),
                new Migrations(result.applied(), result.alreadyApplied(), result.collection(), result.millis(), irreversible),
                event.modelConfig());
    }
}
