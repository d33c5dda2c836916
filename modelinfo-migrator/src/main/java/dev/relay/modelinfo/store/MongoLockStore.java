package dev.relay.modelinfo.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.relay.modelinfo.core.LockStore;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * Lock documents {@code {_id: <model>, owner, expiresAt}}. Taking the lock is one findOneAndUpdate
 * with upsert that matches only a free, expired or own lock; when another owner holds it, the upsert
 * collides with the existing _id and the server refuses it, atomically.
 */
public final class MongoLockStore implements LockStore {

    private final MongoCollection<Document> collection;

    public MongoLockStore(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    @Override
    public boolean tryAcquire(String model, String owner, Instant now, Instant expiresAt) {
        try {
            Document taken = collection.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", model),
                            Filters.or(Filters.eq("owner", owner), Filters.lt("expiresAt", Date.from(now)))),
                    Updates.combine(Updates.set("owner", owner), Updates.set("expiresAt", Date.from(expiresAt)),
                            Updates.set("acquiredAt", Date.from(now))),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            return taken != null && owner.equals(taken.getString("owner"));
        } catch (MongoCommandException | MongoWriteException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean extend(String model, String owner, Instant expiresAt) {
        return collection.updateOne(Filters.and(Filters.eq("_id", model), Filters.eq("owner", owner)),
                Updates.set("expiresAt", Date.from(expiresAt))).getMatchedCount() == 1;
    }

    @Override
    public void release(String model, String owner) {
        collection.deleteOne(Filters.and(Filters.eq("_id", model), Filters.eq("owner", owner)));
    }

    private static boolean isDuplicateKey(RuntimeException e) {
        if (e instanceof MongoWriteException w) {
            return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        MongoCommandException c = (MongoCommandException) e;
        return ErrorCategory.fromErrorCode(c.getErrorCode()) == ErrorCategory.DUPLICATE_KEY
                || String.valueOf(c.getErrorMessage()).contains("duplicate key");
    }
}
