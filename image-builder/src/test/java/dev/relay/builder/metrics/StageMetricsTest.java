package dev.relay.builder.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.stage.StageMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract's stage metrics as this service exposes them to Prometheus, and the builder's own build counter. */
class StageMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theDurationIsPublishedAsAPrometheusHistogram() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new StageMetrics(prometheus).finished("image-builder", "succeeded", "none", 1500);
        assertThat(prometheus.scrape())
                .contains("relay_stage_runs_total{reason=\"none\",result=\"succeeded\",stage=\"image-builder\",} 1.0")
                .contains("# TYPE relay_stage_duration_seconds histogram")
                .contains("relay_stage_duration_seconds_bucket{result=\"succeeded\",stage=\"image-builder\",le=\"1.431655765\",} 0.0")
                .contains("relay_stage_duration_seconds_bucket{result=\"succeeded\",stage=\"image-builder\",le=\"1.789569706\",} 1.0")
                .contains("relay_stage_duration_seconds_bucket{result=\"succeeded\",stage=\"image-builder\",le=\"+Inf\",} 1.0");
    }

    @Test
    void buildsAreCountedAsBuiltReusedOrFailed() {
        Release release = Release.of("m", "v1", "/r.git", "a".repeat(40), "t", Instant.now());
        Image image = new Image("m:v1", "sha256:1", null, 1, "b");
        BuildCounter counter = new BuildCounter(registry);
        counter.accept(new ImageBuilt(release, image, Map.of(), 3.5, null));
        counter.accept(new ImageBuilt(release, image, Map.of(), 0, null));
        counter.accept(new ImageBuilt(release, image, Map.of(), 0, null));
        counter.accept(new ReleaseFailed(release, "image-builder", "tag-moved", "moved", null));

        assertThat(registry.get("relay.builder.builds").tags("result", "built", "reason", "none").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("relay.builder.builds").tags("result", "reused", "reason", "none").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("relay.builder.builds").tags("result", "failed", "reason", "tag-moved").counter().count()).isEqualTo(1.0);
    }
}
