package dev.relay.builder.metrics;

import dev.relay.events.ImageBuilt;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseFailed;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;

/**
 * {@code relay.builder.builds{result=built|reused|failed, reason}}: the builder's own view of its
 * outcomes. An image announced with {@code buildSeconds} 0 was not built by this run (a replay, or
 * an image found for the release and commit), so it counts as reused.
 */
public final class BuildCounter implements Consumer<RelayEvent> {

    private final MeterRegistry registry;

    public BuildCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accept(RelayEvent outcome) {
        if (outcome instanceof ImageBuilt built) {
            count(built.buildSeconds() == 0 ? "reused" : "built", "none");
        } else if (outcome instanceof ReleaseFailed failed) {
            count("failed", failed.reason());
        }
    }

    private void count(String result, String reason) {
        registry.counter("relay.builder.builds", "result", result, "reason", reason).increment();
    }
}
