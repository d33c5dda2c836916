package dev.relay.events.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelLanesTest {

    @Test
    void oneModelRunsInOrderWhileOtherModelsRunAlongside() throws Exception {
        try (ModelLanes lanes = new ModelLanes("test", 2)) {
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch otherModelRan = new CountDownLatch(1);
            CompletableFuture<?> first = lanes.submit("a", () -> {
                // a@1 only finishes once b has run: b must not wait behind a
                await(otherModelRan);
                order.add("a1");
                return null;
            });
            CompletableFuture<?> second = lanes.submit("a", () -> order.add("a2"));
            CompletableFuture<?> other = lanes.submit("b", () -> {
                order.add("b1");
                otherModelRan.countDown();
                return null;
            });
            CompletableFuture.allOf(first, second, other).get(10, TimeUnit.SECONDS);
            assertThat(order).containsExactly("b1", "a1", "a2");
        }
    }

    @Test
    void neverRunsMoreThanItsConcurrencyAndKeepsEveryModelsOrder() throws Exception {
        try (ModelLanes lanes = new ModelLanes("test", 3, 1000)) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
            List<CompletableFuture<?>> jobs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                for (String model : List.of("m1", "m2", "m3", "m4", "m5")) {
                    int n = i;
                    jobs.add(lanes.submit(model, () -> {
                        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                        seen.computeIfAbsent(model, k -> Collections.synchronizedList(new ArrayList<>())).add(n);
                        sleep(2);
                        running.decrementAndGet();
                        return null;
                    }));
                }
            }
            CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            // At most its concurrency, and more than one: models really ran side by side.
            assertThat(peak.get()).isLessThanOrEqualTo(3).isGreaterThan(1);
            List<Integer> inOrder = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inOrder.add(i);
            }
            assertThat(seen).hasSize(5).allSatisfy((model, ns) -> assertThat(ns).containsExactlyElementsOf(inOrder));
            assertThat(lanes.inFlight()).isZero();
        }
    }

    @Test
    void aFailedJobDoesNotStopTheJobsBehindIt() throws Exception {
        try (ModelLanes lanes = new ModelLanes("test", 1)) {
            CompletableFuture<Object> failed = lanes.submit("a", () -> {
                throw new IllegalStateException("boom");
            });
            CompletableFuture<String> next = lanes.submit("a", () -> "ran");
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
            assertThat(failed).isCompletedExceptionally();
        }
    }

    @Test
    void admissionWaitsWhileTooManyAreInFlightAndOpensWhenOneFinishes() throws Exception {
        try (ModelLanes lanes = new ModelLanes("test", 1, 2)) {
            CountDownLatch release = new CountDownLatch(1);
            lanes.submit("a", () -> await(release));
            assertThat(lanes.admission().toCompletableFuture()).isCompleted();
            lanes.submit("b", () -> "queued");
            CompletableFuture<Void> third = lanes.admission().toCompletableFuture();
            assertThat(third).isNotDone();
            assertThat(lanes.inFlight()).isEqualTo(2);
            release.countDown();
            third.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesAConcurrencyBelowOne() {
        assertThatThrownBy(() -> new ModelLanes("env-probe", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("env-probe: concurrency must be at least 1, was 0");
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
