package dev.relay.modelinfo.core;

import dev.relay.events.stage.StageFailure;
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

    /** Failures that may pass by themselves (another instance holds the lock, the git server is away): a re-delivery retries. */
    private static final Set<String> RETRYABLE = Set.of(LOCKED, CHECKOUT_FAILED);

    private final String migrationId;
    private final String operation;

    public MigrationException(String reason, String message) {
        this(reason, null, null, message, null);
    }

    public MigrationException(String reason, String migrationId, String operation, String message, Throwable cause) {
        super(reason, message, detail(migrationId, operation), RETRYABLE.contains(reason), cause);
        this.migrationId = migrationId;
        this.operation = operation;
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
