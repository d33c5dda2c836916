package dev.relay.bumper.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class RetryPolicyTest {

    @RepeatedTest(20)
    void delaysAreJitteredWithinTheCap() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(policy.delayAfter(1).toMillis()).isBetween(50L, 100L);
        assertThat(policy.delayAfter(3).toMillis()).isBetween(50L, 400L);
        assertThat(policy.delayAfter(10).toMillis()).isBetween(50L, 1000L);
    }
}
