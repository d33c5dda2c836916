package dev.relay.env.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.relay.env.core.EnvState;
import dev.relay.env.core.EnvironmentHistory;
import dev.relay.env.core.EnvironmentRecord;
import dev.relay.events.Check;
import dev.relay.events.EnvDiff;
import dev.relay.events.Environment;
import dev.relay.events.ImageBuilt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The environment history in MongoDB, one document per release ({@code _id} = releaseId). Documents
 * are only ever inserted or have their state moved; nothing deletes.
 */
public final class MongoEnvironmentHistory implements EnvironmentHistory {

    private final MongoCollection<Document> collection;
    private final ObjectMapper mapper;

    public MongoEnvironmentHistory(MongoClient client, String database, String collection, ObjectMapper mapper) {
        this.collection = client.getDatabase(database).getCollection(collection);
        this.mapper = mapper;
        // Real MongoDB uses it for the history and current look-ups; mongo-java-server accepts and ignores it.
        this.collection.createIndex(Indexes.compoundIndex(Indexes.ascending("model"), Indexes.descending("verifiedAt")));
    }

    @Override
    public boolean insert(EnvironmentRecord r) {
        try {
            collection.insertOne(toDocument(r));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<EnvironmentRecord> find(String releaseId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", releaseId)).first()).map(this::fromDocument);
    }

    @Override
    public List<String> models() {
        List<String> models = new ArrayList<>();
        collection.distinct("model", String.class).into(models);
        models.sort(null);
        return models;
    }

    @Override
    public List<EnvironmentRecord> history(String model) {
        List<EnvironmentRecord> out = new ArrayList<>();
        for (Document d : collection.find(Filters.eq("model", model)).sort(newestFirst())) {
            out.add(fromDocument(d));
        }
        return out;
    }

    @Override
    public Optional<EnvironmentRecord> current(String model) {
        return Optional.ofNullable(collection.find(Filters.and(Filters.eq("model", model),
                Filters.eq("state", EnvState.current.name()))).sort(Sorts.descending("currentSince")).first())
                .map(this::fromDocument);
    }

    @Override
    public Optional<EnvironmentRecord> latestPassed(String model) {
        return Optional.ofNullable(collection.find(Filters.and(Filters.eq("model", model), Filters.eq("passed", true)))
                .sort(newestFirst()).first()).map(this::fromDocument);
    }

    @Override
    public void retireCurrent(String model, String keep, Instant at) {
        collection.updateMany(Filters.and(Filters.eq("model", model), Filters.eq("state", EnvState.current.name()),
                        Filters.ne("_id", keep)),
                Updates.combine(Updates.set("state", EnvState.retired.name()), Updates.set("retiredAt", Date.from(at)),
                        Updates.set("updatedAt", Date.from(at))));
    }

    @Override
    public void makeCurrent(String releaseId, String previous, Instant at) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("state", EnvState.current.name()),
                Updates.set("currentSince", Date.from(at)), Updates.set("updatedAt", Date.from(at))));
        if (previous != null) {
            updates.add(Updates.set("previous", previous));
        }
        collection.updateOne(Filters.eq("_id", releaseId), Updates.combine(updates));
    }

    @Override
    public void markRolledBack(String releaseId, Instant at) {
        // A current one stops being current now; any other keeps the retiredAt it has (or none). Each update
        // matches only what is not rolled back yet, so a second call changes nothing.
        collection.updateOne(Filters.and(Filters.eq("_id", releaseId), Filters.eq("state", EnvState.current.name())),
                Updates.combine(Updates.set("state", EnvState.rolledBack.name()), Updates.set("retiredAt", Date.from(at)),
                        Updates.set("updatedAt", Date.from(at))));
        collection.updateOne(Filters.and(Filters.eq("_id", releaseId), Filters.ne("state", EnvState.rolledBack.name())),
                Updates.combine(Updates.set("state", EnvState.rolledBack.name()), Updates.set("updatedAt", Date.from(at))));
    }

    private static Bson newestFirst() {
        return Sorts.orderBy(Sorts.descending("verifiedAt"), Sorts.descending("_id"));
    }

    Document toDocument(EnvironmentRecord r) {
        Document d = new Document("_id", r.releaseId())
                .append("model", r.model())
                .append("version", r.version())
                .append("imageRef", r.imageRef())
                .append("imageId", r.imageId())
                .append("state", r.state().name())
                .append("passed", r.passed())
                .append("diffBase", r.diffBase())
                .append("previous", r.previous())
                .append("verifiedAt", date(r.verifiedAt()))
                .append("currentSince", date(r.currentSince()))
                .append("retiredAt", date(r.retiredAt()))
                .append("updatedAt", date(r.updatedAt()));
        if (r.environment() != null) {
            d.append("python", r.environment().python()).append("packages", new Document(
                    new java.util.TreeMap<String, Object>(r.environment().packages())));
        }
        d.append("checks", mapper.convertValue(r.checks(), new TypeReference<List<Map<String, Object>>>() { })
                .stream().map(Document::new).toList());
        d.append("diff", new Document(mapper.convertValue(r.diff(), new TypeReference<Map<String, Object>>() { })));
        if (r.failure() != null) {
            d.append("failure", new Document(mapper.convertValue(r.failure(), new TypeReference<Map<String, Object>>() { })));
        }
        if (r.imageBuilt() != null) {
            // As the contract's JSON (the codec's mapper), so it reads back as the same event.
            d.append("imageBuilt", Document.parse(mapper.valueToTree(r.imageBuilt()).toString()));
        }
        return d;
    }

    EnvironmentRecord fromDocument(Document d) {
        Environment env = null;
        if (d.getString("python") != null) {
            Map<String, String> packages = new java.util.TreeMap<>();
            d.get("packages", Document.class).forEach((k, v) -> packages.put(k, String.valueOf(v)));
            env = new Environment(d.getString("python"), packages);
        }
        List<Check> checks = mapper.convertValue(d.getList("checks", Document.class, List.of()),
                new TypeReference<List<Check>>() { });
        EnvDiff diff = d.get("diff") == null ? EnvDiff.none() : mapper.convertValue(d.get("diff"), EnvDiff.class);
        EnvironmentRecord.Failure failure = d.get("failure") == null ? null
                : mapper.convertValue(d.get("failure"), EnvironmentRecord.Failure.class);
        ImageBuilt imageBuilt = d.get("imageBuilt") == null ? null
                : readEvent(d.get("imageBuilt", Document.class));
        return new EnvironmentRecord(d.getString("_id"), d.getString("model"), d.getString("version"),
                d.getString("imageRef"), d.getString("imageId"), env, checks, diff, d.getString("diffBase"),
                EnvState.valueOf(d.getString("state")), failure, d.getString("previous"), instant(d, "verifiedAt"),
                instant(d, "currentSince"), instant(d, "retiredAt"), instant(d, "updatedAt"), imageBuilt);
    }

    private ImageBuilt readEvent(Document d) {
        try {
            return mapper.readValue(d.toJson(), ImageBuilt.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("environment document holds an unreadable image.built", e);
        }
    }

    private static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
