package dev.relay.events;

import java.util.List;

/**
 * Published by modelinfo-migrator: the {@code down} of every migration applied by the releases undone,
 * newest first (in a dry run: planned, with the number of documents each would match).
 *
 * @param reverted   the migrations, in the order they were (or would be) reverted
 * @param collection the ModelInfo collection
 * @param millis     time spent
 */
public record ModelInfoReverted(Release release, Rollback rollback, List<RevertedMigration> reverted, String collection,
                                long millis) implements RelayEvent {

    /**
     * @param migrationId the migration
     * @param releaseId   the release that had applied it
     * @param matched     documents its {@code down} matched (would match, in a dry run)
     * @param modified    documents it changed (0 in a dry run)
     */
    public record RevertedMigration(String migrationId, String releaseId, long matched, long modified) {
    }
}
