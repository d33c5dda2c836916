package dev.relay.modelinfo.core;

import java.util.List;

/**
 * What a run did, or for a dry run would do.
 *
 * @param operations per operation: documents matched (dry run: that would match now) and modified
 */
public record MigrationResult(String model, String action, boolean dryRun, String collection, List<String> applied,
                              List<String> alreadyApplied, List<String> reverted, List<OperationReport> operations,
                              long millis) {

    public record OperationReport(String migrationId, String operation, long matched, long modified) {
    }
}
