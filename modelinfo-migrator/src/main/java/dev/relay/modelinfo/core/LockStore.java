package dev.relay.modelinfo.core;

import java.time.Instant;

/** Persistence of the per-model migration lock: a document with an owner and an expiry. */
public interface LockStore {

    /** Takes the lock when it is free, expired or already held by this same owner id; false when another owner holds it. */
    boolean tryAcquire(String model, String owner, Instant now, Instant expiresAt);

    /** Pushes our expiry further; false when the lock is no longer ours (it expired and was taken over). */
    boolean extend(String model, String owner, Instant expiresAt);

    void release(String model, String owner);
}
