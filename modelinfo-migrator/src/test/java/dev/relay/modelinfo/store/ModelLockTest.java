package dev.relay.modelinfo.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import dev.relay.modelinfo.core.MigrationException;
import dev.relay.modelinfo.core.MigrationResult;
import dev.relay.modelinfo.core.ModelLock;
import dev.relay.modelinfo.support.MongoFixture;
import dev.relay.modelinfo.support.Runbook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelLockTest {

    private final MongoFixture mongo = new MongoFixture();
    private final MongoLockStore store = new MongoLockStore(mongo.db().getCollection("modelinfo_locks"));
    private final List<ModelLock> locks = new ArrayList<>();

    @AfterEach
    void close() {
        locks.forEach(ModelLock::close); // stops the renewer threads
        mongo.close();
    }

    private ModelLock lock(String owner, Duration ttl, Duration maxWait, Duration pollInterval) {
        ModelLock lock = new ModelLock(store, owner, ttl, maxWait, pollInterval, Clock.systemUTC());
        locks.add(lock);
        return lock;
    }

    /** Fails unless {@code f} is still running after a wait long enough for a wrong grant to have happened. */
    private static void assertStillWaiting(Future<?> f) throws Exception {
        assertThatThrownBy(() -> f.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(f.isDone()).isFalse();
    }

    @Test
    void twoInstancesStartedAtOnceOnOneModelExactlyOneMigrates() throws Exception {
        mongo.modelinfo().insertMany(Runbook.documents("hello-model", 0, 2_000));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<MigrationResult>> runs = List.of("instance-a", "instance-b").stream()
                    .map(owner -> pool.submit(() -> {
                        var migrator = mongo.migrator(Duration.ofSeconds(30), owner);
                        start.await();
                        return migrator.up("hello-model", "hello-model@v1", List.of(Runbook.migration()), false);
                    })).toList();
            start.countDown();
            MigrationResult first = runs.get(0).get();
            MigrationResult second = runs.get(1).get();

            assertThat(List.of(first, second)).filteredOn(r -> r.applied().equals(List.of(Runbook.ID))).hasSize(1);
            assertThat(List.of(first, second)).filteredOn(r -> r.alreadyApplied().equals(List.of(Runbook.ID))).hasSize(1);
            assertThat(mongo.modelinfo().countDocuments(Filters.exists("baz"))).isEqualTo(2_000);
            assertThat(mongo.db().getCollection("modelinfo_locks").countDocuments()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHeldLockMakesTheSecondWaitThenFailClearly() {
        assertThat(store.tryAcquire("m", "holder", Instant.now(), Instant.now().plusSeconds(60))).isTrue();
        ModelLock waiter = lock("waiter", Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofMillis(50));

        assertThatThrownBy(() -> waiter.acquire("m"))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason()).isEqualTo("migration-locked"))
                .hasMessageContaining("another instance is migrating model 'm'");
    }

    @Test
    void theWaiterGetsTheLockOnceReleased() throws Exception {
        assertThat(store.tryAcquire("m", "holder", Instant.now(), Instant.now().plusSeconds(60))).isTrue();
        ModelLock waiter = lock("waiter", Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(20));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ModelLock.Lease> lease = pool.submit(() -> waiter.acquire("m"));
            assertStillWaiting(lease);
            store.release("m", "holder");
            lease.get(10, TimeUnit.SECONDS).close();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoThreadsOfOneProcessExcludeEachOtherAndOnlyTouchTheirOwnLease() throws Exception {
        // One ModelLock and one owner, as the REST resource and the Kafka consumer share in production.
        ModelLock shared = lock("host/1/abcd", Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(20));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            ModelLock.Lease first = pool.submit(() -> shared.acquire("m")).get(10, TimeUnit.SECONDS);
            assertThat(first.owner()).startsWith("host/1/abcd/");

            Future<ModelLock.Lease> second = pool.submit(() -> shared.acquire("m"));
            assertStillWaiting(second);
            // The waiting lease's own id cannot extend or release the holder's lock document.
            assertThat(store.extend("m", shared.owner(), Instant.now().plusSeconds(60))).isFalse();

            first.close();
            try (ModelLock.Lease next = second.get(10, TimeUnit.SECONDS)) {
                assertThat(next.owner()).startsWith("host/1/abcd/").isNotEqualTo(first.owner());
                first.close(); // a late second release of the old lease must not free the new holder's lock
                assertThat(store.tryAcquire("m", "other", Instant.now(), Instant.now().plusSeconds(60))).isFalse();
                assertThat(next.lost()).isFalse();
            }
            assertThat(store.tryAcquire("m", "other", Instant.now(), Instant.now().plusSeconds(60))).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredLockIsTakenOverAndItsOldOwnerCanNoLongerExtendIt() {
        Instant now = Instant.now();
        assertThat(store.tryAcquire("m", "crashed", now.minusSeconds(120), now.minusSeconds(60))).isTrue();

        assertThat(store.tryAcquire("m", "b", now, now.plusSeconds(60))).isTrue();
        assertThat(store.extend("m", "crashed", now.plusSeconds(60))).isFalse();
        assertThat(store.tryAcquire("m", "crashed", now, now.plusSeconds(60))).isFalse();
        assertThat(store.tryAcquire("other-model", "crashed", now, now.plusSeconds(60))).isTrue();
    }

    @Test
    void theHolderExtendsItsLockWhileRunning() throws Exception {
        // A ttl of seconds (extended every ttl/3 = 1 s): a GC or scheduler pause under load cannot expire it.
        Duration ttl = Duration.ofSeconds(3);
        ModelLock lock = lock("a", ttl, Duration.ofSeconds(1), Duration.ofMillis(20));
        try (ModelLock.Lease lease = lock.acquire("m")) {
            Thread.sleep(ttl.multipliedBy(3).toMillis()); // without renewal the lock would have expired
            assertThat(store.tryAcquire("m", "b", Instant.now(), Instant.now().plusSeconds(60))).isFalse();
            assertThat(lease.lost()).isFalse();
        }
        assertThat(store.tryAcquire("m", "b", Instant.now(), Instant.now().plusSeconds(60))).isTrue();
    }
}
