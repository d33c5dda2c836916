package dev.relay.env.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.relay.env.core.RollbackLog;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseRolledBack;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * The rollback stage's outcomes in MongoDB, one document per rollback ({@code _id} = rollbackId): {@code state}
 * {@code begun} (the planned {@code release.rolledback} in {@code outcome}, the history being written) or
 * {@code done} (the outcome published, {@code type} its topic: {@code release.rolledback} or {@code release.failed}).
 * The outcome is kept as the contract's JSON and read back through the codec, so a replay publishes the same event.
 * Its own collection: the environment history holds releases, not rollbacks.
 */
public final class MongoRollbackLog implements RollbackLog {

    static final String BEGUN = "begun";
    static final String DONE = "done";

    private final MongoCollection<Document> collection;
    private final EventCodec codec;
    private final Clock clock;

    public MongoRollbackLog(MongoClient client, String database, String collection, EventCodec codec, Clock clock) {
        this.collection = client.getDatabase(database).getCollection(collection);
        this.codec = codec;
        this.clock = clock;
    }

    @Override
    public Optional<RelayEvent> find(String rollbackId) {
        return Optional.ofNullable(collection.find(Filters.and(Filters.eq("_id", rollbackId), Filters.eq("state", DONE))).first())
                .map(this::outcome);
    }

    @Override
    public void save(String rollbackId, RelayEvent outcome) {
        collection.replaceOne(Filters.eq("_id", rollbackId), document(rollbackId, DONE, outcome),
                new ReplaceOptions().upsert(true));
    }

    @Override
    public Optional<ReleaseRolledBack> begun(String rollbackId) {
        return Optional.ofNullable(collection.find(Filters.and(Filters.eq("_id", rollbackId), Filters.eq("state", BEGUN))).first())
                .map(this::outcome).map(ReleaseRolledBack.class::cast);
    }

    @Override
    public void begin(ReleaseRolledBack planned) {
        // Over a stored outcome only when the runner chose to work the rollback again (its outcome was of another
        // commit); the outcome it stores next replaces this.
        String id = planned.rollback().rollbackId();
        collection.replaceOne(Filters.eq("_id", id), document(id, BEGUN, planned), new ReplaceOptions().upsert(true));
    }

    private Document document(String rollbackId, String state, RelayEvent outcome) {
        return new Document("_id", rollbackId)
                .append("model", outcome.release().model())
                .append("state", state)
                .append("type", outcome.type().topic())
                .append("outcome", Document.parse(codec.encodeToString(outcome)))
                .append("updatedAt", Date.from(clock.instant()));
    }

    private RelayEvent outcome(Document d) {
        EventType type = EventType.ofTopic(d.getString("type"))
                .orElseThrow(() -> new IllegalStateException("rollback " + d.get("_id") + " holds an outcome of unknown type "
                        + d.getString("type")));
        return codec.decode(type.payloadType(), d.get("outcome", Document.class).toJson());
    }
}
