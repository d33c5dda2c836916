package dev.relay.events.stage;

import io.smallrye.faulttolerance.api.Guard;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * What a consumer does when a stage's events cannot be published (the broker away longer than the
 * producer's own delivery timeout): it tries the whole delivery again, with exponential backoff and
 * jitter, for as long as it takes, and keeps the consumed record unacknowledged meanwhile. A valid
 * release is never dead-lettered for it; the {@link StageRunner}'s replay rule makes the repeat publish
 * the stored outcome instead of working again. REST paths do not use it: a person gets a 503 at once.
 *
 * <p>A SmallRye Fault Tolerance {@link Guard}; needs {@code smallrye-fault-tolerance-api} and an
 * implementation at run time (the {@code quarkus-smallrye-fault-tolerance} extension every service has).
 */
public final class PublishRetry {

    private static final System.Logger LOG = System.getLogger(PublishRetry.class.getName());
    /** "Forever" for a guard that refuses an unbounded duration. */
    private static final long DAYS_FOREVER = 3650;

    private final Guard guard;

    private PublishRetry(Guard guard) {
        this.guard = guard;
    }

    /**
     * @param initialDelay the first wait; each further wait doubles, with jitter of half the first
     * @param maxDelay     no wait is longer
     */
    public static PublishRetry withBackoff(Duration initialDelay, Duration maxDelay) {
        long initial = Math.max(1, initialDelay.toMillis());
        Guard guard = Guard.create().withDescription("relay-publish-retry")
                .withRetry()
                .maxRetries(-1)
                .maxDuration(DAYS_FOREVER, ChronoUnit.DAYS)
                .delay(initial, ChronoUnit.MILLIS)
                .jitter(Math.max(1, initial / 2), ChronoUnit.MILLIS)
                .whenException(PublishRetry::isPublishFailure)
                .beforeRetry(e -> LOG.log(Level.WARNING, "events not published (" + rootMessage(e) + "); trying again"))
                .withExponentialBackoff().factor(2).maxDelay(Math.max(initial, maxDelay.toMillis()), ChronoUnit.MILLIS).done()
                .done()
                .build();
        return new PublishRetry(guard);
    }

    /** Runs {@code delivery} until it does not fail to publish; any other failure is thrown as it is. */
    public <T> T untilPublished(Supplier<T> delivery, Class<T> type) {
        return guard.get(delivery, type);
    }

    static boolean isPublishFailure(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof EventSink.PublishFailedException;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
