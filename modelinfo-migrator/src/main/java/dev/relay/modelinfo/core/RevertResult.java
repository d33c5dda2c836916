package dev.relay.modelinfo.core;

import java.util.List;

/**
 * What a rollback's revert did, or for a dry run would do.
 *
 * @param reverted newest first, in the order they were (or would be) reverted
 */
public record RevertResult(String model, boolean dryRun, String collection, List<Reverted> reverted, long millis) {

    /**
     * One migration reverted.
     *
     * @param entry    its changelog entry before the revert (its {@code releaseId} is the release that had applied it)
     * @param matched  documents its {@code down} matched, summed over its operations (dry run: would match now)
     * @param modified documents its {@code down} changed (0 in a dry run)
     */
    public record Reverted(ChangelogEntry entry, long matched, long modified) {
    }
}
