package dev.relay.modelinfo.core;

import dev.relay.events.stage.StageFailure;
import java.util.List;
import java.util.Set;

/**
 * A migration run that cannot go on. {@link #reason()} is the short code published in
 * {@code release.failed}; the message names the migration file and operation where there is one,
 * and {@link #detail()} repeats them on their own lines.
 */
public class MigrationException extends StageFailure {

    public static final String INVALID = "migration-invalid";
    public static final String MODIFIED = "migration-modified";
    public static final String FAILED = "migration-failed";
    public static final String LOCKED = "migration-locked";
    public static final String CHECKOUT_FAILED = "checkout-failed";
    public static final String TAG_MOVED = "tag-moved";
    public static final String UNKNOWN_TARGET = "unknown-target";
    /** A rollback would have to revert a migration that has no {@code down}: refused before anything changes. */
    public static final String IRREVERSIBLE = "irreversible-migration";

    /** Failures that may pass by themselves (another instance holds the lock, the git server is away): a re-delivery retries. */
    private static final Set<String> RETRYABLE = Set.of(LOCKED, CHECKOUT_FAILED);

    private final String migrationId;
    private final String operation;

    public MigrationException(String reason, String message) {
        this(reason, null, null, message, null);
    }

    public MigrationException(String reason, String migrationId, String operation, String message, Throwable cause) {
        this(reason, migrationId, operation, message, detail(migrationId, operation), cause);
    }

    private MigrationException(String reason, String migrationId, String operation, String message, String detail, Throwable cause) {
        super(reason, message, detail, RETRYABLE.contains(reason), cause);
        this.migrationId = migrationId;
        this.operation = operation;
    }

    /**
     * {@value #IRREVERSIBLE}: the migrations a rollback would revert that have no {@code down}; nothing was reverted.
     * {@link #migrationId()} is the first of them, the detail names them all, one a line.
     */
    public static MigrationException irreversible(String model, List<String> migrationIds) {
        return new MigrationException(IRREVERSIBLE, migrationIds.get(0), null,
                "cannot roll back " + model + ": " + (migrationIds.size() == 1 ? "migration " : "migrations ")
                        + String.join(", ", migrationIds) + " of the releases undone " + (migrationIds.size() == 1 ? "has" : "have")
                        + " no down operations; nothing was reverted",
                "migrations: " + String.join("\n", migrationIds), null);
    }

    /** The migration that failed, or null when the failure is not about one migration. */
    public String migrationId() {
        return migrationId;
    }

    /** The failing operation, e.g. {@code up[1] setComputed}, or null. */
    public String operation() {
        return operation;
    }

    private static String detail(String migrationId, String operation) {
        return migrationId == null ? null : "migration: " + migrationId + (operation == null ? "" : "\noperation: " + operation);
    }
}
