package dev.relay.modelinfo.store;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.result.UpdateResult;
import dev.relay.modelinfo.core.ModelInfoOperations;
import dev.relay.modelinfo.core.ModelScope;
import dev.relay.modelinfo.core.Operation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Runs migration operations as bulk commands on the ModelInfo collection: one command per operation
 * (two for setComputed, which counts first), whatever the number of documents.
 */
public final class MongoModelInfoOperations implements ModelInfoOperations {

    private final MongoCollection<Document> collection;

    public MongoModelInfoOperations(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    @Override
    public String collectionName() {
        return collection.getNamespace().getCollectionName();
    }

    @Override
    public OperationResult execute(String model, Operation operation) {
        if (operation instanceof Operation.UpdateMany u) {
            UpdateResult r = collection.updateMany(filter(model, u.filter()), new Document(u.update()));
            return new OperationResult(r.getMatchedCount(), r.getModifiedCount());
        }
        if (operation instanceof Operation.SetComputed s) {
            return setComputed(model, s);
        }
        if (operation instanceof Operation.DeleteMany d) {
            long deleted = collection.deleteMany(filter(model, d.filter())).getDeletedCount();
            return new OperationResult(deleted, deleted);
        }
        if (operation instanceof Operation.CreateIndex c) {
            collection.createIndex(new Document(c.keys()), indexOptions(c.options()));
            return new OperationResult(0, 0);
        }
        if (operation instanceof Operation.DropIndex d) {
            dropIndex(d.name());
            return new OperationResult(0, 0);
        }
        throw new IllegalArgumentException("unsupported operation " + operation.kind());
    }

    @Override
    public long count(String model, Operation operation) {
        if (operation instanceof Operation.UpdateMany u) {
            return collection.countDocuments(filter(model, u.filter()));
        }
        if (operation instanceof Operation.SetComputed s) {
            return collection.countDocuments(filter(model, s.filter()));
        }
        if (operation instanceof Operation.DeleteMany d) {
            return collection.countDocuments(filter(model, d.filter()));
        }
        return 0;
    }

    /**
     * Computed fields without pipeline-style updates (which the embedded server lacks): the server
     * matches, computes with $addFields and merges the documents back by _id. The filter must exclude
     * documents already migrated, which also keeps the count exact and the operation re-runnable.
     */
    private OperationResult setComputed(String model, Operation.SetComputed s) {
        Document match = filter(model, s.filter());
        long matched = collection.countDocuments(match);
        if (matched == 0) {
            return new OperationResult(0, 0);
        }
        collection.aggregate(List.of(
                        new Document("$match", match),
                        new Document("$addFields", new Document(s.fields())),
                        new Document("$merge", new Document("into", collectionName())
                                .append("on", "_id")
                                .append("whenMatched", "merge")
                                .append("whenNotMatched", "discard"))))
                .allowDiskUse(true)
                .toCollection();
        return new OperationResult(matched, matched);
    }

    private void dropIndex(String name) {
        try {
            collection.dropIndex(name);
        } catch (MongoCommandException e) {
            // Already gone (code 27, IndexNotFound): dropping is idempotent like every other operation.
            if (e.getErrorCode() != 27 && !String.valueOf(e.getErrorMessage()).contains("index not found")) {
                throw e;
            }
        }
    }

    private static Document filter(String model, Map<String, Object> filter) {
        return new Document(ModelScope.filter(model, filter));
    }

    private static IndexOptions indexOptions(Map<String, Object> options) {
        IndexOptions o = new IndexOptions();
        if (options.get("name") instanceof String name) {
            o.name(name);
        }
        if (options.get("unique") instanceof Boolean unique) {
            o.unique(unique);
        }
        if (options.get("sparse") instanceof Boolean sparse) {
            o.sparse(sparse);
        }
        if (options.get("expireAfterSeconds") instanceof Number seconds) {
            o.expireAfter(seconds.longValue(), TimeUnit.SECONDS);
        }
        return o;
    }
}
