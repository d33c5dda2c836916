package dev.relay.env.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.relay.env.core.campaign.ModelMark;
import dev.relay.env.core.campaign.ModelMarks;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/** The inventory's marks, one document per marked model ({@code _id} = model). */
public final class MongoModelMarks implements ModelMarks {

    private final MongoCollection<Document> collection;

    public MongoModelMarks(MongoClient client, String database, String collection) {
        this.collection = client.getDatabase(database).getCollection(collection);
    }

    @Override
    public ModelMark get(String model) {
        Document d = collection.find(Filters.eq("_id", model)).first();
        return d == null ? ModelMark.replicate : ModelMark.of(d.getString("mark"));
    }

    @Override
    public void set(String model, ModelMark mark, Instant at) {
        collection.replaceOne(Filters.eq("_id", model), new Document("_id", model).append("mark", mark.name())
                .append("updatedAt", Date.from(at)), new ReplaceOptions().upsert(true));
    }

    @Override
    public Map<String, ModelMark> all() {
        Map<String, ModelMark> all = new TreeMap<>();
        for (Document d : collection.find()) {
            all.put(d.getString("_id"), ModelMark.of(d.getString("mark")));
        }
        return all;
    }
}
