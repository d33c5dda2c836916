package dev.relay.events.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StageMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void runsAreCountedAndTimedByStageResultAndReason() {
        StageMetrics metrics = new StageMetrics(registry);
        metrics.finished("env-migrator", "failed", "env-mismatch", 1200);
        metrics.finished("env-migrator", "failed", "env-mismatch", 800);
        metrics.finished("env-migrator", "replayed", "none", 5);

        assertThat(registry.get(StageMetrics.RUNS).tags("stage", "env-migrator", "result", "failed", "reason", "env-mismatch")
                .counter().count()).isEqualTo(2.0);
        assertThat(registry.get(StageMetrics.RUNS).tags("result", "replayed", "reason", "none").counter().count()).isEqualTo(1.0);
        Timer failed = registry.get(StageMetrics.DURATION).tags("stage", "env-migrator", "result", "failed").timer();
        assertThat(failed.count()).isEqualTo(2);
        assertThat(failed.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2000.0);
        assertThat(registry.get(StageMetrics.DURATION).tags("result", "replayed").timer().count()).isEqualTo(1);
    }
}
