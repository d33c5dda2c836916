package dev.relay.builder.messaging;

import dev.relay.builder.config.BuilderConfig;
import dev.relay.builder.core.BuildFailure;
import dev.relay.builder.core.BuildLog;
import dev.relay.builder.core.BuildOutcome;
import dev.relay.builder.core.BuildRequest;
import dev.relay.builder.core.BuildScheduler;
import dev.relay.builder.core.BuildState;
import dev.relay.builder.core.ReleaseBuilder;
import dev.relay.events.Release;
import dev.relay.events.StageEvents;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Queues builds (one model at a time, models in parallel up to the configured limit), tracks
 * their state for the REST API and publishes their results: {@code release.status} started and
 * succeeded/failed, then {@code image.built} or {@code release.failed}.
 */
@ApplicationScoped
public class BuildService {

    public static final String STAGE = "image-builder";
    private static final Logger LOG = Logger.getLogger(BuildService.class);

    private final ReleaseBuilder builder;
    private final EventPublisher publisher;
    private final BuilderConfig config;
    private final StageEvents stage = new StageEvents(STAGE);
    private final ExecutorService pool;
    private final BuildScheduler scheduler;
    private final ConcurrentMap<String, BuildState> states = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;

    public BuildService(ReleaseBuilder builder, EventPublisher publisher, BuilderConfig config, MeterRegistry metrics) {
        this.builder = builder;
        this.publisher = publisher;
        this.config = config;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.parallelism()), r -> {
            Thread t = new Thread(r, "image-build-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.scheduler = new BuildScheduler(pool);
    }

    /**
     * Queues a build. The future completes once its events are on the broker.
     *
     * @param known the release from the event, or null for a build by hand (known after checkout)
     */
    public CompletableFuture<BuildOutcome> submit(BuildRequest request, Release known) {
        String releaseId = request.releaseId();
        states.put(releaseId, BuildState.queued());
        return scheduler.submit(request.model(), () -> run(request, known))
                .thenCompose(done -> publish(done).thenApply(v -> done.outcome()));
    }

    public Optional<BuildState> state(String releaseId) {
        return Optional.ofNullable(states.get(releaseId));
    }

    private Done run(BuildRequest request, Release known) {
        String releaseId = request.releaseId();
        states.put(releaseId, BuildState.building());
        long start = System.currentTimeMillis();
        AtomicBoolean started = new AtomicBoolean();
        BuildLog log = new BuildLog(config.logTailLines(), line -> LOG.infof("[%s] %s", releaseId, line));
        BuildOutcome outcome;
        try {
            if (known != null) {
                started.set(true);
                // Inside the try: a broker that refuses this ends in a failed state, never a build stuck in 'building'.
                publisher.publish(stage.started(known)).join();
            }
            outcome = builder.build(request, log, release -> {
                if (started.compareAndSet(false, true)) {
                    publisher.publish(stage.started(release)).join();
                }
            });
        } catch (RuntimeException | LinkageError e) {
            // Whatever breaks, the release gets a failure event and the consumer moves on.
            LOG.errorf(e, "%s: unexpected error", releaseId);
            outcome = new BuildOutcome(known, null, new BuildFailure(BuildFailure.INTERNAL,
                    "image-builder failed unexpectedly: " + e.getClass().getSimpleName(), log.tail(), e), false, log.tail());
        }
        if (outcome.release() == null && known != null) {
            // Failed before the checkout told the commit (unknown tag, unreachable repository): the event's release says it.
            outcome = new BuildOutcome(known, outcome.built(), outcome.failure(), outcome.reused(), outcome.logTail());
        }
        long millis = System.currentTimeMillis() - start;
        states.put(releaseId, BuildState.of(outcome));
        if (outcome.succeeded()) {
            LOG.infof("%s %s: %s (%s)", releaseId, outcome.reused() ? "already built" : "built",
                    outcome.built().image().ref(), outcome.built().image().id());
            count(outcome.reused() ? "reused" : "built", "none");
        } else {
            LOG.warnf("%s failed (%s): %s", releaseId, outcome.failure().reason(), outcome.failure().getMessage());
            count("failed", outcome.failure().reason());
        }
        return new Done(outcome, millis);
    }

    /** Same tag keys on every increment: Prometheus refuses a meter name with differing tag sets. */
    private void count(String result, String reason) {
        try {
            metrics.counter("relay.builder.builds", "result", result, "reason", reason).increment();
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not count a build");
        }
    }

    private record Done(BuildOutcome outcome, long millis) {
    }

    private CompletableFuture<Void> publish(Done done) {
        BuildOutcome outcome = done.outcome();
        long millis = done.millis();
        Release release = outcome.release();
        if (release == null) {
            // A build by hand whose tag could not be resolved: no commit, so no valid event; the REST state tells.
            return CompletableFuture.completedFuture(null);
        }
        if (outcome.succeeded()) {
            return publisher.publish(outcome.built())
                    .thenCompose(v -> publisher.publish(stage.succeeded(release, millis)));
        }
        String detail = outcome.failure().detail();
        return publisher.publish(stage.failure(release, outcome.failure().reason(), outcome.failure().getMessage(),
                        detail == null || detail.isBlank() ? null : detail))
                .thenCompose(v -> publisher.publish(stage.failed(release, millis)));
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
