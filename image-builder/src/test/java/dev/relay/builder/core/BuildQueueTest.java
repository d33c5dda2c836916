package dev.relay.builder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.events.Campaign;
import dev.relay.events.ImageBuilt;
import dev.relay.events.Image;
import dev.relay.events.RebuildRequested;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.EventSink;
import dev.relay.events.stage.StageResults;
import dev.relay.events.stage.StageRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import dev.relay.events.stage.ModelLanes;
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
        StageRunner<RebuildRequested> rebuilds = new StageRunner<>(new StageEvents(BuildStage.STAGE), input -> {
            throw new AssertionError("no rebuild in this test");
        }, StageResults.none(), sink);
        return new BuildQueue(runner, rebuilds, new ModelLanes("test-build", 1), new BuildStates(5, (id, line) -> { }), counted::add);
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

    @Test
    void aCampaignRebuildWaitsBehindAReleaseOfItsModelAndShowsUnderItsCampaignId() throws Exception {
        Campaign campaign = new Campaign("py313", "Python 3.13", "relay/python-base:3.13", null, Campaign.Step.rebuild);
        Release rebuildOf = new Release(Campaign.releaseIdOf("m", "v1", "py313", Campaign.Step.rebuild), "m", "v1", "/r.git",
                COMMIT, "t", Instant.now());
        CountDownLatch releaseMayFinish = new CountDownLatch(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        StageRunner<ReleaseTagged> releases = new StageRunner<>(new StageEvents(BuildStage.STAGE), input -> {
            order.add("release started");
            await(releaseMayFinish);
            order.add("release finished");
            return new ImageBuilt(input.release(), new Image("m:v1", "sha256:1", null, 1, "b"), Map.of(), 1.5, null);
        }, StageResults.none(), event -> { });
        StageRunner<RebuildRequested> rebuilds = new StageRunner<>(new StageEvents(BuildStage.STAGE), input -> {
            order.add("rebuild");
            return new ImageBuilt(input.release(), new Image("m:v1-py313", "sha256:2", null, 1, "relay/python-base:3.13"), Map.of(),
                    1.5, null, input.campaign());
        }, StageResults.none(), event -> { });
        // two workers: only the per-model order can keep the rebuild from running alongside the release
        try (BuildQueue queue = new BuildQueue(releases, rebuilds, new ModelLanes("test-build", 2),
                new BuildStates(5, (id, line) -> { }), counted::add)) {
            CompletableFuture<RelayEvent> release = queue.submit(new ReleaseTagged(RELEASE));
            CompletableFuture<RelayEvent> rebuild = queue.submit(new RebuildRequested(rebuildOf, campaign));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!order.contains("release started") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertThat(order).containsExactly("release started");
            assertThat(queue.states().state("m@v1~campaign-py313").orElseThrow().state()).isEqualTo(BuildState.State.queued);

            releaseMayFinish.countDown();
            RelayEvent rebuilt = rebuild.get(30, TimeUnit.SECONDS);
            assertThat(release).isCompleted();
            assertThat(order).containsExactly("release started", "release finished", "rebuild");
            assertThat(((ImageBuilt) rebuilt).campaign()).isEqualTo(campaign);
            assertThat(queue.states().state("m@v1~campaign-py313").orElseThrow())
                    .isEqualTo(new BuildState(BuildState.State.succeeded, "m:v1-py313", "sha256:2", null, null, ""));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the latch was never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
