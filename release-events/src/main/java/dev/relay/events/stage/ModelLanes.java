package dev.relay.events.stage;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where a stage's work waits for a thread: one lane per model, so one model's records are handled one at a time
 * in arrival order, while different models share a pool of {@code concurrency} threads. A job is handed to the pool
 * only once its model's previous job has finished, so one busy model cannot hold every thread.
 *
 * <p>Why not the connector's {@code @Blocking(ordered = false)}: it orders nothing, and {@code ordered = true}
 * orders everything, one record at a time per channel. Kafka already keeps one model's records in order (the key is
 * the model); this keeps them in order inside the service too, and lets the throttled commit strategy acknowledge out
 * of order across models, which it supports (it commits an offset once every earlier one of its partition is acked).
 *
 * <p>{@link #admission()} is the back-pressure: a consumer returns it instead of a completed stage, so the connector
 * hands it the next record only while fewer than {@code maxInFlight} jobs are queued or running. Nothing blocks the
 * polling thread.
 */
public final class ModelLanes implements AutoCloseable {

    private final ExecutorService pool;
    private final int concurrency;
    private final int maxInFlight;
    private final Map<String, CompletableFuture<?>> lastByModel = new HashMap<>();
    private final Queue<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param name        names the threads ({@code name-1}, {@code name-2}, ...) so a thread dump shows whose they are
     * @param concurrency how many models are worked on at the same time, at least 1
     * @param maxInFlight how many jobs may be queued or running before {@link #admission()} waits, at least concurrency
     */
    public ModelLanes(String name, int concurrency, int maxInFlight) {
        if (concurrency < 1) {
            throw new IllegalArgumentException(name + ": concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        this.maxInFlight = Math.max(concurrency, maxInFlight);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** As many jobs in flight as four times the threads: enough to keep them busy, few enough to stay small. */
    public ModelLanes(String name, int concurrency) {
        this(name, concurrency, 4 * concurrency);
    }

    public int concurrency() {
        return concurrency;
    }

    /** Jobs queued or running now. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Queues a job behind the model's earlier ones; the future completes with its result (or its exception). */
    public synchronized <T> CompletableFuture<T> submit(String model, Supplier<T> job) {
        CompletableFuture<?> previous = lastByModel.getOrDefault(model, CompletableFuture.completedFuture(null));
        CompletableFuture<T> next = previous.handle((r, e) -> null)
                .thenComposeAsync(ignored -> CompletableFuture.supplyAsync(job, pool), Runnable::run);
        lastByModel.put(model, next);
        inFlight++;
        next.whenComplete((r, e) -> finished(model, next));
        return next;
    }

    /** Completes at once while fewer than {@code maxInFlight} jobs are in flight, otherwise when one finishes. */
    public synchronized CompletionStage<Void> admission() {
        if (inFlight < maxInFlight) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        waiting.add(admitted);
        return admitted;
    }

    private void finished(String model, CompletableFuture<?> job) {
        CompletableFuture<Void> admitted = null;
        synchronized (this) {
            inFlight--;
            // Forget finished chains so the map does not grow with every model ever seen.
            lastByModel.remove(model, job);
            if (inFlight < maxInFlight) {
                admitted = waiting.poll();
            }
        }
        // Outside the lock: completing it runs the connector's next step on this thread.
        if (admitted != null) {
            admitted.complete(null);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
