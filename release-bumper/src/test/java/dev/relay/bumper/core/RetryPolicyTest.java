package dev.relay.bumper.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Backoff growth, jitter bounds and the give-up path's pause; the pushes themselves are counted in PushRetryTest. */
class RetryPolicyTest {

    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(1000);

    /** A random source that picks {@code pick(bound)} from [0, bound). */
    private static RandomGenerator picking(LongUnaryOperator pick) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long nextLong(long bound) {
                return pick.applyAsLong(bound);
            }
        };
    }

    private static RetryPolicy policy(RandomGenerator random, List<Duration> slept) {
        return new RetryPolicy(10, BASE, MAX, () -> random, slept::add);
    }

    private static List<Long> millis(IntStream attempts, java.util.function.IntFunction<Duration> f) {
        return attempts.mapToObj(f).map(Duration::toMillis).toList();
    }

    @Test
    void theCeilingDoublesFromTheBaseUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(10, BASE, MAX);
        assertThat(millis(IntStream.rangeClosed(1, 7), policy::ceiling)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
        assertThat(millis(IntStream.rangeClosed(1, 7), policy::floor)).containsOnly(50L);
    }

    @Test
    void atTheTopOfTheJitterEveryPauseIsTheCeiling() {
        RetryPolicy policy = policy(picking(bound -> bound - 1), new ArrayList<>());
        assertThat(millis(IntStream.rangeClosed(1, 6), policy::delayAfter)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void atTheBottomOfTheJitterEveryPauseIsHalfTheBase() {
        RetryPolicy policy = policy(picking(bound -> 0), new ArrayList<>());
        assertThat(millis(IntStream.rangeClosed(1, 6), policy::delayAfter)).containsOnly(50L);
    }

    @Test
    void jitteredPausesStayWithinTheirBoundsAndSpreadOverThem() {
        SplittableRandom random = new SplittableRandom(4711);
        RetryPolicy policy = policy(random, new ArrayList<>());
        for (int attempt = 1; attempt <= 6; attempt++) {
            int a = attempt;
            long floor = policy.floor(a).toMillis();
            long ceiling = policy.ceiling(a).toMillis();
            LongSummaryStatistics pauses = LongStream.range(0, 2_000).map(i -> policy.delayAfter(a).toMillis()).summaryStatistics();
            assertThat(pauses.getMin()).as("attempt %d", a).isGreaterThanOrEqualTo(floor);
            assertThat(pauses.getMax()).as("attempt %d", a).isLessThanOrEqualTo(ceiling);
            // spread over the whole range, not stuck at one end (2,000 draws: both ends within 2 %)
            long range = ceiling - floor;
            assertThat(pauses.getMin()).as("attempt %d", a).isLessThanOrEqualTo(floor + range / 50);
            assertThat(pauses.getMax()).as("attempt %d", a).isGreaterThanOrEqualTo(ceiling - range / 50);
            assertThat(pauses.getAverage()).as("attempt %d", a).isBetween(floor + range * 0.4, floor + range * 0.6);
        }
    }

    @Test
    void theDefaultRandomSourceStaysWithinTheBounds() {
        RetryPolicy policy = new RetryPolicy(6, BASE, MAX);
        for (int i = 0; i < 500; i++) {
            assertThat(policy.delayAfter(3).toMillis()).isBetween(50L, 400L);
        }
    }

    @Test
    void aHugeAttemptNumberStaysAtTheMaximum() {
        RetryPolicy policy = policy(picking(bound -> bound - 1), new ArrayList<>());
        assertThat(policy.ceiling(Integer.MAX_VALUE)).isEqualTo(MAX);
        assertThat(policy.delayAfter(Integer.MAX_VALUE)).isEqualTo(MAX);
    }

    @Test
    void sleepAfterPausesForTheDelayOfThatAttempt() {
        List<Duration> slept = new ArrayList<>();
        RetryPolicy policy = policy(picking(bound -> bound - 1), slept);
        policy.sleepAfter(1);
        policy.sleepAfter(3);
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(400));
    }

    @Test
    void anInterruptedPauseEndsTheBumpAsARetryablePushFailure() {
        RetryPolicy policy = new RetryPolicy(3, BASE, MAX, () -> picking(bound -> 0), pause -> {
            throw new InterruptedException("shutting down");
        });
        try {
            assertThatThrownBy(() -> policy.sleepAfter(1)).isInstanceOfSatisfying(BumpFailure.class, f -> {
                assertThat(f.reason()).isEqualTo(BumpFailure.PUSH_FAILED);
                assertThat(f.retryable()).isTrue();
            });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, BASE, MAX)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(3, MAX, BASE)).hasMessageContaining("baseDelay <= maxDelay");
    }
}
