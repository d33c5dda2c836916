package dev.relay.modelinfo.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.relay.modelinfo.core.Changelog;
import dev.relay.modelinfo.core.ChangelogEntry;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** The changelog collection: one document per model and migration id, {@code _id = <model>/<migrationId>}. */
public final class MongoChangelog implements Changelog {

    private final MongoCollection<Document> collection;

    public MongoChangelog(MongoCollection<Document> collection) {
        this.collection = collection;
        collection.createIndex(Indexes.ascending("model", "migrationId"));
    }

    @Override
    public List<ChangelogEntry> entries(String model) {
        List<ChangelogEntry> entries = new ArrayList<>();
        for (Document d : collection.find(Filters.eq("model", model)).sort(Sorts.ascending("migrationId"))) {
            entries.add(toEntry(d));
        }
        return entries;
    }

    @Override
    public void save(ChangelogEntry e) {
        Document d = new Document("_id", e.model() + "/" + e.migrationId())
                .append("model", e.model())
                .append("migrationId", e.migrationId())
                .append("fileName", e.fileName())
                .append("checksum", e.checksum())
                .append("state", e.state().value())
                .append("releaseId", e.releaseId())
                .append("appliedAt", e.appliedAt() == null ? null : Date.from(e.appliedAt()))
                .append("durationMillis", e.durationMillis())
                .append("matched", e.matched())
                .append("modified", e.modified())
                .append("operationsDone", e.operationsDone())
                .append("error", e.error())
                .append("source", e.source());
        collection.replaceOne(Filters.eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true));
    }

    private static ChangelogEntry toEntry(Document d) {
        Date appliedAt = d.getDate("appliedAt");
        return new ChangelogEntry(d.getString("model"), d.getString("migrationId"), d.getString("fileName"),
                d.getString("checksum"), ChangelogEntry.State.of(d.getString("state")), d.getString("releaseId"),
                appliedAt == null ? null : appliedAt.toInstant(), number(d, "durationMillis"), number(d, "matched"),
                number(d, "modified"), (int) number(d, "operationsDone"), d.getString("error"), d.getString("source"));
    }

    private static long number(Document d, String key) {
        Object v = d.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
