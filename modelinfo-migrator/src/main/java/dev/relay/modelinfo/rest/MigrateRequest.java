package dev.relay.modelinfo.rest;

import dev.relay.events.Image;

/**
 * Body of {@code POST /migrate}.
 *
 * @param action  {@code up} or {@code down}
 * @param version up: the release's tag. With it (and {@code image}) an up is the stage by hand: it runs
 *                through the StageRunner, publishes the release's events and is idempotent on
 *                {@code <model>@<version>}. Otherwise the tag to fetch the commit through.
 * @param repoUrl with {@code commit}: where to read the migration files (required for up; optional for down,
 *                whose operations otherwise come from the changelog)
 * @param image   up for a release: the image {@code modelinfo.migrated} hands to the next stage ({@code ref}, {@code id})
 * @param target  down only: revert down to (not including) this migration id or its epoch-millis prefix
 * @param dryRun  change nothing; report per operation how many documents would match now
 */
public record MigrateRequest(String model, String action, String version, String repoUrl, String commit, Image image,
                             String target, Boolean dryRun) {
}
