package dev.relay.modelinfo.core;

import dev.relay.events.GitOpsReverted;
import dev.relay.events.ModelInfoReverted;
import dev.relay.events.ModelInfoReverted.RevertedMigration;
import dev.relay.events.RelayEvent;
import dev.relay.events.Rollback;
import dev.relay.events.stage.Stage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rollback's stage here: gitops.reverted in, modelinfo.reverted out. Runs the {@code down} of every
 * migration the undone releases applied, newest first, each from the source the changelog kept for it
 * ({@link Migrator#revert}); in a dry run it only counts. Status events, failures and replays are the
 * StageRunner's: the rollback id is the release block's {@code releaseId}, so a repeated delivery of the
 * same rollback replays its stored outcome and reverts nothing twice.
 */
public final class RevertStage implements Stage<GitOpsReverted> {

    private final Migrator migrator;

    public RevertStage(Migrator migrator) {
        this.migrator = migrator;
    }

    @Override
    public RelayEvent run(GitOpsReverted event) {
        Rollback rollback = event.rollback();
        Set<String> releaseIds = new LinkedHashSet<>();
        if (rollback.releases() != null) {
            rollback.releases().forEach(r -> releaseIds.add(r.releaseId()));
        }
        RevertResult result = migrator.revert(rollback.model(), event.release().releaseId(), releaseIds, rollback.dryRun());
        List<RevertedMigration> reverted = result.reverted().stream()
                .map(r -> new RevertedMigration(r.entry().migrationId(), r.entry().releaseId(), r.matched(), r.modified()))
                .toList();
        return new ModelInfoReverted(event.release(), rollback, reverted, result.collection(), result.millis());
    }
}
