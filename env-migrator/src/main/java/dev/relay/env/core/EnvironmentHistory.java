package dev.relay.env.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every environment ever verified. Implementations never delete. */
public interface EnvironmentHistory {

    /** Stores a newly verified environment; false when the release already has one (re-delivery). */
    boolean insert(EnvironmentRecord record);

    Optional<EnvironmentRecord> find(String releaseId);

    /** Every model with at least one environment, in name order. */
    List<String> models();

    /** Newest first. */
    List<EnvironmentRecord> history(String model);

    Optional<EnvironmentRecord> current(String model);

    /** The newest environment that passed its checks, whatever its state. */
    Optional<EnvironmentRecord> latestPassed(String model);

    /** Retires every current environment of the model except {@code keep}. */
    void retireCurrent(String model, String keep, Instant at);

    /** Makes the release current; {@code previous} is recorded unless null (a rollback keeps the old link). */
    void makeCurrent(String releaseId, String previous, Instant at);

    /**
     * Marks the release {@link EnvState#rolledBack rolled back}, whatever its state; a current one is retired at
     * {@code at} ({@code retiredAt}). Idempotent: an environment already rolled back is left as it is.
     */
    void markRolledBack(String releaseId, Instant at);
}
