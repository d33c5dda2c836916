package dev.relay.builder.core;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs builds one model at a time, in arrival order, while different models share a bounded pool
 * (the executor's size is the parallelism). A job of a model is handed to the pool only once the
 * model's previous job has finished, so one busy model cannot hold every worker.
 */
public final class BuildScheduler {

    private final Executor pool;
    private final Map<String, CompletableFuture<?>> lastByModel = new HashMap<>();

    public BuildScheduler(Executor pool) {
        this.pool = pool;
    }

    public synchronized <T> CompletableFuture<T> submit(String model, Supplier<T> job) {
        CompletableFuture<?> previous = lastByModel.getOrDefault(model, CompletableFuture.completedFuture(null));
        CompletableFuture<T> next = previous.handle((r, e) -> null)
                .thenComposeAsync(ignored -> CompletableFuture.supplyAsync(job, pool), Runnable::run);
        lastByModel.put(model, next);
        // Forget finished chains so the map does not grow with every model ever seen.
        next.whenComplete((r, e) -> {
            synchronized (this) {
                lastByModel.remove(model, next);
            }
        });
        return next;
    }
}
