package dev.relay.builder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.events.ImageBuilt;
import dev.relay.events.Image;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.EventSink;
import dev.relay.events.stage.StageResults;
import dev.relay.events.stage.StageRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The queue in front of the runner: states for the REST API, outcomes counted, a broker that refuses events. */
class BuildQueueTest {

    private static final String COMMIT = "a".repeat(40);
    private static final Release RELEASE = Release.of("m", "v1", "/r.git", COMMIT, "t", Instant.now());

    private final AtomicInteger runs = new AtomicInteger();
    private final List<RelayEvent> counted = new ArrayList<>();

    private BuildQueue queue(EventSink sink) {
        StageRunner<ReleaseTagged> runner = new StageRunner<>(new StageEvents(BuildStage.STAGE), input -> {
            runs.incrementAndGet();
            return new ImageBuilt(input.release(), new Image("m:v1", "sha256:1", null, 1, "b"), Map.of(), 1.5, null);
        }, StageResults.none(), sink);
        return new BuildQueue(runner, Executors.newFixedThreadPool(1), new BuildStates(5, (id, line) -> { }), counted::add);
    }

    @Test
    void aStartedEventTheBrokerRefusesEndsInAFailedStateNotBuilding() {
        try (BuildQueue queue = queue(event -> {
            throw new EventSink.PublishFailedException("broker unreachable", null);
        })) {
            CompletableFuture<RelayEvent> done = queue.submit(new ReleaseTagged(RELEASE));

            // the results could not be published: the record is nacked, to be delivered again
            assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("broker unreachable");
            BuildState state = queue.states().state(RELEASE.releaseId()).orElseThrow();
            assertThat(state.state()).isEqualTo(BuildState.State.failed);
            assertThat(state.reason()).isEqualTo("internal-error");
            assertThat(state.message()).contains("PublishFailedException");
            assertThat(runs).hasValue(0);
            assertThat(counted).isEmpty();
        }
    }

    @Test
    void aPublishedOutcomeIsTheStateAndIsCounted() throws Exception {
        List<RelayEvent> published = new ArrayList<>();
        try (BuildQueue queue = queue(published::add)) {
            RelayEvent outcome = queue.submit(new ReleaseTagged(RELEASE)).get(30, TimeUnit.SECONDS);
            assertThat(published).hasSize(3).contains(outcome);
            assertThat(counted).containsExactly(outcome);
            BuildState state = queue.states().state(RELEASE.releaseId()).orElseThrow();
            assertThat(state).isEqualTo(new BuildState(BuildState.State.succeeded, "m:v1", "sha256:1", null, null, ""));
        }
    }
}
