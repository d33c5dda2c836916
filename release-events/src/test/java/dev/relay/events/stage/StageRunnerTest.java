package dev.relay.events.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.StageEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StageRunnerTest {

    static final Release RELEASE = Release.of("hello-model", "v0.0.1", "file:///srv/git/hello-model.git",
            "0123456789abcdef0123456789abcdef01234567", "ada", Instant.parse("2026-11-21T10:15:30Z"));
    static final Image IMAGE = new Image("hello-model:v0.0.1", "sha256:" + "a".repeat(64), null, 1, "relay/python-base:3.11");

    final List<RelayEvent> published = new ArrayList<>();
    final InMemoryStageResults results = new InMemoryStageResults();
    final StageEvents events = new StageEvents("image-builder", Clock.fixed(Instant.parse("2026-11-21T10:16:00Z"), ZoneOffset.UTC));
    final AtomicInteger runs = new AtomicInteger();
    final List<String> listened = new ArrayList<>();

    StageRunner<ReleaseTagged> runner(Stage<ReleaseTagged> stage) {
        return new StageRunner<>(events, in -> {
            runs.incrementAndGet();
            return stage.run(in);
        }, results, published::add, (name, result, reason, millis) -> listened.add(name + ":" + result + ":" + reason));
    }

    static ImageBuilt built(ReleaseTagged in) {
        return new ImageBuilt(in.release(), IMAGE, Map.of("promote", "1.10"), 1.5);
    }

    @Test
    void aSuccessPublishesStartedResultSucceededAndIsStored() {
        RelayEvent outcome = runner(StageRunnerTest::built).run(new ReleaseTagged(RELEASE));

        assertThat(outcome).isInstanceOf(ImageBuilt.class);
        assertThat(states()).containsExactly("started", "ImageBuilt", "succeeded");
        assertThat(results.find(RELEASE.releaseId())).contains(outcome);
        assertThat(listened).containsExactly("image-builder:succeeded:none");
    }

    @Test
    void aReplayPublishesTheSameSequenceWithTheStoredOutcomeAndDoesNoWork() {
        StageRunner<ReleaseTagged> runner = runner(StageRunnerTest::built);
        RelayEvent first = runner.run(new ReleaseTagged(RELEASE));
        published.clear();

        RelayEvent second = runner.run(new ReleaseTagged(RELEASE));

        assertThat(runs).hasValue(1);
        assertThat(second).isEqualTo(first);
        assertThat(states()).containsExactly("started", "ImageBuilt", "succeeded");
        assertThat(published.get(1)).isSameAs(first);
        assertThat(listened).containsExactly("image-builder:succeeded:none", "image-builder:replayed:none");
    }

    @Test
    void anOutcomeStoredForAnotherCommitOfTheSameReleaseIdIsNotReplayed() {
        StageRunner<ReleaseTagged> runner = runner(StageRunnerTest::built);
        runner.run(new ReleaseTagged(RELEASE));
        Release retagged = new Release(RELEASE.releaseId(), RELEASE.model(), RELEASE.version(), RELEASE.repoUrl(),
                "b".repeat(40), RELEASE.taggedBy(), RELEASE.taggedAt());
        published.clear();

        RelayEvent second = runner.run(new ReleaseTagged(retagged));

        assertThat(runs).hasValue(2);
        assertThat(second.release().commit()).isEqualTo("b".repeat(40));
        assertThat(results.find(RELEASE.releaseId())).contains(second);
        assertThat(states()).containsExactly("started", "ImageBuilt", "succeeded");
    }

    @Test
    void aStageFailureBecomesReleaseFailedWithItsReasonMessageAndDetailAndIsReplayed() {
        StageRunner<ReleaseTagged> runner = runner(in -> {
            throw new StageFailure("build-failed", "the image build failed", "Step 3/7: exit 1");
        });
        runner.run(new ReleaseTagged(RELEASE));
        runner.run(new ReleaseTagged(RELEASE));

        assertThat(runs).hasValue(1);
        assertThat(states()).containsExactly("started", "ReleaseFailed", "failed", "started", "ReleaseFailed", "failed");
        ReleaseFailed failed = (ReleaseFailed) published.get(1);
        assertThat(failed.stage()).isEqualTo("image-builder");
        assertThat(failed.reason()).isEqualTo("build-failed");
        assertThat(failed.message()).isEqualTo("the image build failed");
        assertThat(failed.detail()).isEqualTo("Step 3/7: exit 1");
        assertThat(listened).containsExactly("image-builder:failed:build-failed", "image-builder:replayed:build-failed");
    }

    @Test
    void aRetryableFailureIsPublishedButNotStoredSoARedeliveryWorksAgain() {
        StageRunner<ReleaseTagged> runner = runner(in -> {
            if (runs.get() == 1) {
                throw new StageFailure("locked", "another instance holds the lock", null, true, null);
            }
            return built(in);
        });
        runner.run(new ReleaseTagged(RELEASE));
        assertThat(results.find(RELEASE.releaseId())).isEmpty();

        RelayEvent second = runner.run(new ReleaseTagged(RELEASE));

        assertThat(runs).hasValue(2);
        assertThat(second).isInstanceOf(ImageBuilt.class);
        assertThat(states()).containsExactly("started", "ReleaseFailed", "failed", "started", "ImageBuilt", "succeeded");
    }

    @Test
    void anUnexpectedErrorIsInternalErrorWithoutTheExceptionTextAndIsNotStored() {
        StageRunner<ReleaseTagged> runner = runner(in -> {
            throw new IllegalStateException("connect to mongodb://relay:s3cret@db:27017 failed");
        });
        runner.run(new ReleaseTagged(RELEASE));

        ReleaseFailed failed = (ReleaseFailed) published.get(1);
        assertThat(failed.reason()).isEqualTo(StageFailure.INTERNAL_ERROR);
        assertThat(failed.message())
                .isEqualTo("image-builder failed unexpectedly (IllegalStateException); the service log has the details")
                .doesNotContain("s3cret").doesNotContain("mongodb");
        assertThat(failed.detail()).isNull();
        assertThat(results.size()).isZero();
        assertThat(states()).containsExactly("started", "ReleaseFailed", "failed");
    }

    @Test
    void aResultForAnotherReleaseIsAnInternalError() {
        Release other = Release.of("other-model", "v1", RELEASE.repoUrl(), RELEASE.commit(), "ada", RELEASE.taggedAt());
        runner(in -> new ImageBuilt(other, IMAGE, Map.of(), 0)).run(new ReleaseTagged(RELEASE));

        assertThat(((ReleaseFailed) published.get(1)).reason()).isEqualTo(StageFailure.INTERNAL_ERROR);
    }

    @Test
    void aPublishFailureLeavesTheRunnerAndNothingIsStoredAsFailed() {
        EventSink broken = event -> {
            if (event instanceof ImageBuilt) {
                throw new EventSink.PublishFailedException("broker away", null);
            }
            published.add(event);
        };
        StageRunner<ReleaseTagged> runner = new StageRunner<>(events, StageRunnerTest::built, results, broken);

        assertThatThrownBy(() -> runner.run(new ReleaseTagged(RELEASE)))
                .isInstanceOf(EventSink.PublishFailedException.class);
        assertThat(states()).containsExactly("started");
        // Stored before publishing: the re-delivery re-publishes it without rebuilding.
        assertThat(results.find(RELEASE.releaseId())).get().isInstanceOf(ImageBuilt.class);
    }

    @Test
    void aStoreThatIsAwayDoesNotStopTheStage() {
        StageResults away = new StageResults() {
            @Override
            public java.util.Optional<RelayEvent> find(String releaseId) {
                throw new IllegalStateException("store away");
            }

            @Override
            public void save(String releaseId, RelayEvent outcome) {
                throw new IllegalStateException("store away");
            }
        };
        RelayEvent outcome = new StageRunner<>(events, StageRunnerTest::built, away, published::add).run(new ReleaseTagged(RELEASE));

        assertThat(outcome).isInstanceOf(ImageBuilt.class);
        assertThat(states()).containsExactly("started", "ImageBuilt", "succeeded");
    }

    @Test
    void theFinalStatusCarriesTheTimeSpent() {
        runner(in -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return built(in);
        }).run(new ReleaseTagged(RELEASE));

        assertThat(((ReleaseStatus) published.get(0)).millis()).isZero();
        assertThat(((ReleaseStatus) published.get(2)).millis()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void aStageFailureNeedsAReasonAndAMessage() {
        assertThatThrownBy(() -> new StageFailure("", "m", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StageFailure("r", " ", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new StageFailure("r", "m", "  ").detail()).isNull();
    }

    private List<String> states() {
        return published.stream().map(e -> e instanceof ReleaseStatus s ? s.state().name() : e.getClass().getSimpleName()).toList();
    }
}
