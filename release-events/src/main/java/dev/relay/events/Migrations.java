package dev.relay.events;

import java.util.List;

/**
 * ModelInfo migrations of one release.
 *
 * @param applied        migration ids applied by this release, in order
 * @param alreadyApplied migration ids found applied before
 * @param collection     the ModelInfo collection
 * @param millis         time spent migrating
 */
public record Migrations(List<String> applied, List<String> alreadyApplied, String collection, long millis) {
}
