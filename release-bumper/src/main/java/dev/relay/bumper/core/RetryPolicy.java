package dev.relay.bumper.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Bounded attempts with exponential backoff and jitter, so bumpers racing for the same branch
 * spread out instead of colliding again in lock-step. The pause after attempt {@code n} is random
 * in [{@link #floor floor}, {@link #ceiling(int) ceiling(n)}]: the ceiling doubles from the base
 * delay up to the maximum, the floor is half the base delay.
 *
 * <p>Hand-written rather than SmallRye Fault Tolerance: the retried operation is the bump's own
 * loop (sync, check the trailer, re-plan, commit, push) and a lost race is an outcome, not an
 * exception; and the core stays free of framework types.
 */
public final class RetryPolicy {

    /** Waits; the real one is {@link Thread#sleep}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private final int maxAttempts;
    private final long baseMillis;
    private final long maxMillis;
    private final Supplier<RandomGenerator> random;
    private final Sleeper sleeper;

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        this(maxAttempts, baseDelay, maxDelay, ThreadLocalRandom::current, pause -> Thread.sleep(pause.toMillis()));
    }

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Supplier<RandomGenerator> random, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, got " + baseDelay + " and " + maxDelay);
        }
        this.maxAttempts = maxAttempts;
        this.baseMillis = baseDelay.toMillis();
        this.maxMillis = maxDelay.toMillis();
        this.random = random;
        this.sleeper = sleeper;
    }

    /** How many times the operation is tried in all (the first try included). */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The longest pause after attempt {@code attempt} (counting from 1): base × 2^(attempt−1), at most the maximum. */
    public Duration ceiling(int attempt) {
        long ceiling = baseMillis;
        for (int i = 1; i < attempt && ceiling < maxMillis; i++) {
            ceiling *= 2;
        }
        return Duration.ofMillis(Math.min(ceiling, maxMillis));
    }

    /** The shortest pause: half the base delay (never above the ceiling). */
    public Duration floor(int attempt) {
        return Duration.ofMillis(Math.min(baseMillis / 2, ceiling(attempt).toMillis()));
    }

    /** The pause before attempt {@code attempt + 1}: random in [floor, ceiling(attempt)]. */
    public Duration delayAfter(int attempt) {
        long floor = floor(attempt).toMillis();
        long ceiling = ceiling(attempt).toMillis();
        return Duration.ofMillis(floor + random.get().nextLong(ceiling - floor + 1));
    }

    public void sleepAfter(int attempt) {
        try {
            sleeper.sleep(delayAfter(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BumpFailure.retryable(BumpFailure.PUSH_FAILED, "interrupted while waiting to retry the push", null);
        }
    }
}
