package dev.relay.bumper.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded attempts with exponential backoff and full jitter, so bumpers racing for the same branch
 * spread out instead of colliding again in lock-step.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The pause before attempt {@code attempt + 1} (attempts count from 1): random in [base/2, cap]. */
    public Duration delayAfter(int attempt) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 16));
        long floor = Math.min(baseDelay.toMillis() / 2, cap);
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(cap - floor + 1));
    }

    public void sleepAfter(int attempt) {
        try {
            Thread.sleep(delayAfter(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BumpFailure(BumpFailure.PUSH_FAILED, "interrupted while waiting to retry the push");
        }
    }
}
