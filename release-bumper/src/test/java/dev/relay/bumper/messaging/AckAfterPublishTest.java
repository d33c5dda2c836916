package dev.relay.bumper.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.bumper.TestEvents;
import dev.relay.bumper.core.Author;
import dev.relay.bumper.core.BumpStage;
import dev.relay.bumper.core.Bumper;
import dev.relay.bumper.core.CommitTemplate;
import dev.relay.bumper.core.GitOpsRepository;
import dev.relay.bumper.core.RetryPolicy;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.ModelLanes;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.stage.InMemoryStageResults;
import dev.relay.events.stage.StageRunner;
import dev.relay.testkit.KafkaRecords;
import io.smallrye.reactive.messaging.MutinyEmitter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The input record is acked only after every result was acknowledged by the broker; a refused publish is tried again, never nacked. */
class AckAfterPublishTest {

    private final List<String> sent = new ArrayList<>();

    /** An emitter whose sendMessageAndAwait stands for the broker's answer: the record is stored, or the send fails. */
    @SuppressWarnings("unchecked")
    private MutinyEmitter<String> emitter(String channel, int refusals) {
        AtomicInteger left = new AtomicInteger(refusals);
        return (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MutinyEmitter.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "sendMessageAndAwait":
                            if (left.getAndDecrement() > 0) {
                                throw new IllegalStateException("broker did not acknowledge " + channel);
                            }
                            sent.add(channel);
                            return null;
                        case "toString":
                            return channel;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName() + ": fire-and-forget is not allowed");
                    }
                });
    }

    private ModelInfoMigratedConsumer consumer(int releaseFailedRefusals) {
        // No GitOps repository configured: the release fails at once, which is enough to see the publishing order.
        Bumper bumper = new Bumper(GitOpsRepository.notConfigured(), new CommitTemplate("Bump {model}"), new Author("a", "a@b.c"),
                new RetryPolicy(1, Duration.ZERO, Duration.ZERO), Map.of());
        EventPublisher publisher = new EventPublisher(emitter("gitops-updated", 0),
                emitter("release-failed", releaseFailedRefusals), emitter("release-status", 0), emitter("rollback-requested", 0),
                emitter("gitops-reverted", 0));
        return new ModelInfoMigratedConsumer(new StageRunner<>(new StageEvents(BumpStage.STAGE), BumpStage.releases(bumper),
                new InMemoryStageResults(), publisher), PublishRetry.withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)), lanes);
    }

    private final ModelLanes lanes = new ModelLanes("test-bump", 1);
    private final AtomicBoolean acked = new AtomicBoolean();
    /** The consumer returns once the record is on its lane; this completes once the record is acked or nacked. */
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final AtomicReference<Throwable> nacked = new AtomicReference<>();

    private Message<String> record() {
        return KafkaRecords.event(TestEvents.migrated("ack-model", "v2"))
                .withAck(() -> {
                    acked.set(true);
                    settled.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    nacked.set(t);
                    settled.complete(null);
                    return CompletableFuture.completedFuture(null);
                });
    }

    @AfterEach
    void closeLanes() {
        lanes.close();
    }

    @Test
    void theRecordIsAckedAfterEveryResultWasStored() {
        consumer(0).consume(record()).toCompletableFuture().join();
        settled.orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(sent).containsExactly("release-status", "release-failed", "release-status");
        assertThat(acked).isTrue();
        assertThat(nacked.get()).isNull();
    }

    @Test
    void aResultTheBrokerDidNotTakeIsPublishedAgainUntilItIsOutAndOnlyThenTheRecordIsAcked() {
        consumer(2).consume(record()).toCompletableFuture().join();
        settled.orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(nacked.get()).as("a valid release is never dead-lettered for a publish failure").isNull();
        assertThat(acked).isTrue();
        // Each try publishes 'started'; nothing after a refused result is published as if all went well.
        assertThat(sent).containsExactly("release-status", "release-status", "release-status", "release-failed", "release-status");
    }
}
