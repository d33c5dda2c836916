package dev.relay.events;

import java.util.List;

/**
 * ModelInfo migrations of one release.
 *
 * @param applied        migration ids applied by this release, in order
 * @param alreadyApplied migration ids found applied before
 * @param collection     the ModelInfo collection
 * @param millis         time spent migrating
 * @param irreversible   of {@code applied}, those without {@code down} operations: a rollback across this
 *                       release is refused before anything changes; null in events of older producers
 */
public record Migrations(List<String> applied, List<String> alreadyApplied, String collection, long millis,
                         List<String> irreversible) {

    /** Without the reversibility of what was applied (producers before rollbacks). */
    public Migrations(List<String> applied, List<String> alreadyApplied, String collection, long millis) {
        this(applied, alreadyApplied, collection, millis, null);
    }
}
