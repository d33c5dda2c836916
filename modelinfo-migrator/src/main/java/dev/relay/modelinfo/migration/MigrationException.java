package dev.relay.modelinfo.migration;

/**
 * A migration run that cannot go on. {@link #reason()} is the short code published in
 * {@code release.failed}; the message names the migration file and operation where there is one.
 */
public class MigrationException extends RuntimeException {

    public static final String INVALID = "migration-invalid";
    public static final String MODIFIED = "migration-modified";
    public static final String FAILED = "migration-failed";
    public static final String LOCKED = "migration-locked";
    public static final String CHECKOUT_FAILED = "checkout-failed";
    public static final String UNKNOWN_TARGET = "unknown-target";

    private final String reason;
    private final String migrationId;
    private final String operation;

    public MigrationException(String reason, String message) {
        this(reason, null, null, message, null);
    }

    public MigrationException(String reason, String migrationId, String operation, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.migrationId = migrationId;
        this.operation = operation;
    }

    public String reason() {
        return reason;
    }

    /** The migration that failed, or null when the failure is not about one migration. */
    public String migrationId() {
        return migrationId;
    }

    /** The failing operation, e.g. {@code up[1] setComputed}, or null. */
    public String operation() {
        return operation;
    }
}
