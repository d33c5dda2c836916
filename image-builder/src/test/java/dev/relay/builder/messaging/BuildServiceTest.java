package dev.relay.builder.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.builder.config.BuilderConfig;
import dev.relay.builder.core.BuildLog;
import dev.relay.builder.core.BuildRequest;
import dev.relay.builder.core.BuildState;
import dev.relay.builder.core.BuilderSettings;
import dev.relay.builder.core.ImageEngine;
import dev.relay.builder.core.PackageSource;
import dev.relay.builder.core.ReleaseBuilder;
import dev.relay.builder.core.RequirementsPolicy;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build service when the broker refuses its events: no Quarkus, no Kafka. */
class BuildServiceTest {

    private static final String COMMIT = "a".repeat(40);

    @TempDir
    Path tmp;

    private BuildService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    /** A publisher whose broker is down: every publish fails. */
    static final class BrokerDown extends EventPublisher {
        BrokerDown() {
            super(null, null, null);
        }

        @Override
        public CompletableFuture<Void> publish(RelayEvent event) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker unreachable"));
        }
    }

    private static BuilderConfig config() {
        return (BuilderConfig) Proxy.newProxyInstance(BuilderConfig.class.getClassLoader(), new Class<?>[] {BuilderConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "parallelism" -> 1;
                    case "logTailLines" -> 10;
                    case "toString" -> "test config";
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aStartedEventTheBrokerRefusesEndsInAFailedStateNotBuilding() throws Exception {
        AtomicInteger checkouts = new AtomicInteger();
        ImageEngine engine = new ImageEngine() {
            @Override
            public Optional<BuiltImage> findExisting(String releaseId, String commit, String ref) {
                return Optional.empty();
            }

            @Override
            public BuiltImage build(Path contextDir, String ref, Map<String, String> labels, BuildLog log) {
                return new BuiltImage("sha256:1", 1, null);
            }

            @Override
            public String push(String ref, BuildLog log) {
                return null;
            }
        };
        BuilderSettings settings = new BuilderSettings("relay/python-base:3.11", RequirementsPolicy.strict("promote"),
                PackageSource.none(), Optional.empty(), 1 << 20, tmp.resolve("work"));
        ReleaseBuilder builder = new ReleaseBuilder((url, tag, expected, into) -> {
            checkouts.incrementAndGet();
            return COMMIT;
        }, engine, settings, Clock.systemUTC());
        service = new BuildService(builder, new BrokerDown(), config(), new SimpleMeterRegistry());

        Release known = Release.of("m", "v1", "/r.git", COMMIT, "t", Instant.now());
        CompletableFuture<?> done = service.submit(new BuildRequest("m", "v1", "/r.git", COMMIT, "t", Instant.now()), known)
                .toCompletableFuture();

        // the results could not be published either: the record is nacked, to be delivered again
        assertThatThrownBy(() -> done.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS))
                .hasRootCauseMessage("broker unreachable");
        BuildState state = service.state(known.releaseId()).orElseThrow();
        assertThat(state.state()).isEqualTo(BuildState.State.failed);
        assertThat(state.reason()).isEqualTo("internal-error");
        assertThat(checkouts).hasValue(0);
    }
}
