package dev.relay.builder.docker;

import dev.relay.builder.core.BuildFailure;
import io.smallrye.faulttolerance.api.Guard;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * How often a push is tried again when nothing answered at the registry ({@code registry-unavailable}): a registry
 * restarting or briefly away should not fail a release that took minutes to build, but a registry that is gone must
 * fail it in bounded time. A SmallRye Fault Tolerance {@link Guard} (bounded attempts, exponential backoff with jitter);
 * refused credentials and every other failure are not retried. The build is never repeated, only the push.
 */
public final class RegistryRetry {

    private static final System.Logger LOG = System.getLogger(RegistryRetry.class.getName());
    /** The attempts bound the time, not a duration: a push that ran long before it failed may still be tried again. */
    private static final long DAYS_FOREVER = 3650;

    private final Guard guard;
    private final int maxRetries;

    private RegistryRetry(Guard guard, int maxRetries) {
        this.guard = guard;
        this.maxRetries = maxRetries;
    }

    /**
     * @param maxRetries   pushes after the first one (0: no retry)
     * @param initialDelay the first wait; each further wait doubles, with jitter of a quarter of the first
     * @param maxDelay     no wait is longer
     */
    public static RegistryRetry withBackoff(int maxRetries, Duration initialDelay, Duration maxDelay) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("relay.builder.registry.retry.max-retries must be 0 or more, not " + maxRetries);
        }
        long initial = Math.max(1, initialDelay.toMillis());
        Guard guard = Guard.create().withDescription("relay-registry-push")
                .withRetry()
                .maxRetries(maxRetries)
                .maxDuration(DAYS_FOREVER, ChronoUnit.DAYS)
                .delay(initial, ChronoUnit.MILLIS)
                .jitter(Math.max(1, initial / 4), ChronoUnit.MILLIS)
                .whenException(RegistryRetry::isUnavailable)
                .beforeRetry(e -> LOG.log(Level.WARNING, e.getMessage() + "; trying the push again"))
                // The guard insists on a maximum above the first wait (and checks it only at first use, so here).
                .withExponentialBackoff().factor(2).maxDelay(Math.max(initial + 1, maxDelay.toMillis()), ChronoUnit.MILLIS).done()
                .done()
                .build();
        return new RegistryRetry(guard, maxRetries);
    }

    /** Pushes once (no guard, so no fault-tolerance implementation is needed): for engines without a registry, and tests. */
    public static RegistryRetry none() {
        return new RegistryRetry(null, 0);
    }

    /**
     * Runs {@code push} until it does not fail with {@code registry-unavailable} or the retries are spent; the last
     * failure then says how many attempts were made.
     */
    public <T> T push(Supplier<T> push, Class<T> type) {
        if (guard == null) {
            return push.get();
        }
        try {
            return guard.get(push, type);
        } catch (BuildFailure e) {
            if (!isUnavailable(e) || maxRetries == 0) {
                throw e;
            }
            throw new BuildFailure(e.reason(), e.getMessage() + " (" + (maxRetries + 1) + " attempts, with backoff)", e.detail(), e);
        }
    }

    static boolean isUnavailable(Throwable e) {
        return e instanceof BuildFailure f && BuildFailure.REGISTRY_UNAVAILABLE.equals(f.reason());
    }
}
