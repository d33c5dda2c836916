package dev.relay.modelinfo.rest;

/**
 * Body of {@code POST /migrate}.
 *
 * @param action  {@code up} or {@code down}
 * @param repoUrl with {@code commit}: where to read the migration files (required for up; optional for down,
 *                whose operations otherwise come from the changelog)
 * @param target  down only: revert down to (not including) this migration id or its epoch-millis prefix
 * @param dryRun  change nothing; report per operation how many documents would match now
 */
public record MigrateRequest(String model, String action, String repoUrl, String commit, String target, Boolean dryRun) {
}
