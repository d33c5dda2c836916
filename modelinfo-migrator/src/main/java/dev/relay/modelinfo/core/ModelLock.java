package dev.relay.modelinfo.core;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The per-model lock that keeps two instances, or two threads of one instance, from migrating one
 * model at once. Every lease has its own owner id ({@code <owner>/<random UUID>}), so the lock is not
 * re-entrant and a lease only ever extends or releases itself. The holder extends it while running;
 * a crashed holder's lock expires and is taken over.
 */
public final class ModelLock implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelLock.class.getName());

    private final LockStore store;
    private final String owner;
    private final Duration ttl;
    private final Duration maxWait;
    private final Duration pollInterval;
    private final Clock clock;
    private final ScheduledExecutorService renewer;

    public ModelLock(LockStore store, String owner, Duration ttl, Duration maxWait, Duration pollInterval, Clock clock) {
        this.store = store;
        this.owner = owner;
        this.ttl = ttl;
        this.maxWait = maxWait;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "modelinfo-lock-renewer");
            t.setDaemon(true);
            return t;
        });
    }

    /** The process-wide owner name; each lease's owner id starts with it. */
    public String owner() {
        return owner;
    }

    /** Waits up to the configured time for the model's lock; fails with {@code migration-locked}. */
    public Lease acquire(String model) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        // One id per lease: a second acquire by another thread of this process must wait like any other owner.
        String leaseOwner = owner + "/" + UUID.randomUUID();
        while (!store.tryAcquire(model, leaseOwner, clock.instant(), clock.instant().plus(ttl))) {
            if (System.nanoTime() >= deadline) {
                throw new MigrationException(MigrationException.LOCKED, "another instance is migrating model '" + model
                        + "'; gave up after waiting " + maxWait.toMillis() + " ms for its lock");
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationException(MigrationException.LOCKED, "interrupted while waiting for the lock of '" + model + "'");
            }
        }
        return new Lease(model, leaseOwner);
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

    /** A held lock; closing it releases the lock. */
    public final class Lease implements AutoCloseable {

        private final String model;
        private final String owner;
        private final ScheduledFuture<?> renewal;
        private final AtomicBoolean lost = new AtomicBoolean();

        private Lease(String model, String owner) {
            this.model = model;
            this.owner = owner;
            long period = Math.max(1, ttl.toMillis() / 3);
            this.renewal = renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
        }

        private void renew() {
            try {
                if (!store.extend(model, owner, clock.instant().plus(ttl))) {
                    lost.set(true);
                }
            } catch (RuntimeException e) {
                // A blip in the database: the next period tries again, and the ttl covers several periods.
                LOG.log(Level.WARNING, "could not extend the migration lock of " + model, e);
            }
        }

        /** This lease's owner id, as stored in the lock document. */
        public String owner() {
            return owner;
        }

        /** True when the lock expired under us and another owner may have taken it. */
        public boolean lost() {
            return lost.get();
        }

        @Override
        public void close() {
            renewal.cancel(false);
            store.release(model, owner);
        }
    }
}
