package dev.relay.events.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Every stage run as Micrometer meters, under the names all services share: counter {@value #RUNS}
 * (tags stage, result = succeeded|failed|replayed, reason = the failure reason or none) and timer
 * {@value #DURATION} (tags stage, result) with a percentile histogram, so dashboards can aggregate
 * quantiles across replicas. On Prometheus: {@code relay_stage_runs_total}, {@code relay_stage_duration_seconds}.
 *
 * <p>Needs {@code micrometer-core}, an optional dependency of the contract that every service has.
 */
public final class StageMetrics implements StageListener {

    public static final String RUNS = "relay.stage.runs";
    public static final String DURATION = "relay.stage.duration";

    private final MeterRegistry registry;

    public StageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void finished(String stage, String result, String reason, long millis) {
        // Same tag keys on every increment: Prometheus refuses a meter name with differing tag sets.
        Counter.builder(RUNS).description("Stage runs by result and failure reason")
                .tags("stage", stage, "result", result, "reason", reason)
                .register(registry).increment();
        Timer.builder(DURATION).description("Time from started to the stage's final status")
                .tags("stage", stage, "result", result).publishPercentileHistogram()
                .register(registry).record(Duration.ofMillis(millis));
    }
}
