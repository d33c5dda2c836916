package dev.relay.modelinfo.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.relay.events.EventCodec;
import dev.relay.events.RelayEvent;
import dev.relay.events.stage.StageResults;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/** The stage's outcome of each release (its modelinfo.migrated or release.failed), as JSON with its CloudEvents type, keyed by releaseId. */
public final class MongoReleaseResults implements StageResults {

    private final MongoCollection<Document> collection;
    private final EventCodec codec;

    public MongoReleaseResults(MongoCollection<Document> collection, EventCodec codec) {
        this.collection = collection;
        this.codec = codec;
    }

    @Override
    public Optional<RelayEvent> find(String releaseId) {
        Document d = collection.find(Filters.eq("_id", releaseId)).first();
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(codec.decodeCloudEvent(d.getString("type"), d.getString("event").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void save(String releaseId, RelayEvent outcome) {
        Document d = new Document("_id", releaseId)
                .append("model", outcome.release().model())
                .append("type", outcome.type().ceType())
                .append("event", codec.encodeToString(outcome))
                .append("at", new Date());
        collection.replaceOne(Filters.eq("_id", releaseId), d, new ReplaceOptions().upsert(true));
    }
}
