package dev.relay.events.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.StageEvents;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.events.ReleaseTagged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The guard on SmallRye Fault Tolerance's standalone implementation, around the real StageRunner. */
class PublishRetryTest {

    private final PublishRetry retry = PublishRetry.withBackoff(Duration.ofMillis(5), Duration.ofMillis(40));

    @Test
    void aDeliveryWhoseOutcomeTheBrokerRefusedIsTriedAgainUntilItIsOutAndWorkedOnlyOnce() {
        List<RelayEvent> published = new ArrayList<>();
        AtomicInteger refusals = new AtomicInteger(5);
        AtomicInteger worked = new AtomicInteger();
        EventSink flaky = event -> {
            if (!(event instanceof ReleaseStatus) && refusals.getAndDecrement() > 0) {
                throw new EventSink.PublishFailedException("the broker did not take it", new RuntimeException("timeout"));
            }
            published.add(event);
        };
        StageEvents events = new StageEvents("image-builder");
        ReleaseTagged tagged = GoldenEvents.event(ReleaseTagged.class);
        StageRunner<ReleaseTagged> runner = new StageRunner<>(events, input -> {
            worked.incrementAndGet();
            return events.failure(input.release(), "build-failed", "no", null);
        }, new InMemoryStageResults(), flaky);

        long t0 = System.nanoTime();
        RelayEvent outcome = retry.untilPublished(() -> runner.run(tagged), RelayEvent.class);
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(outcome.release().releaseId()).isEqualTo(tagged.release().releaseId());
        assertThat(worked).as("the stored outcome is replayed, not worked again").hasValue(1);
        assertThat(refusals.get()).isEqualTo(-1);
        // Six deliveries each published 'started'; the last also the outcome and 'failed'.
        assertThat(published).hasSize(8);
        assertThat(published.get(6).type()).isEqualTo(dev.relay.events.EventType.RELEASE_FAILED);
        // Waits of about 5, 10, 20, 40, 40 ms (jitter ±2 ms): backoff, not a busy loop.
        assertThat(millis).as("waited between tries").isGreaterThanOrEqualTo(100);
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.untilPublished(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("not a publish failure");
        }, RelayEvent.class)).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aPublishFailureWrappedByAFutureIsRecognised() {
        var failure = new EventSink.PublishFailedException("x", null);
        assertThat(PublishRetry.isPublishFailure(new CompletionException(failure))).isTrue();
        assertThat(PublishRetry.isPublishFailure(new RuntimeException(failure))).isFalse();
    }
}
