package dev.relay.env.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.relay.env.core.campaign.CampaignRecord;
import dev.relay.env.core.campaign.CampaignRow;
import dev.relay.env.core.campaign.CampaignState;
import dev.relay.env.core.campaign.CampaignStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * One document per campaign ({@code _id} = campaign id) with its rows under {@code rows.<model>}: a row is replaced
 * by one {@code $set} of its own field, so writes of different models' rows never overwrite each other. Rows are
 * stored as the API's JSON (the codec's mapper), so what is read back is what was written.
 */
public final class MongoCampaignStore implements CampaignStore {

    private final MongoCollection<Document> collection;
    private final ObjectMapper mapper;

    public MongoCampaignStore(MongoClient client, String database, String collection, ObjectMapper mapper) {
        this.collection = client.getDatabase(database).getCollection(collection);
        this.mapper = mapper;
    }

    @Override
    public void insert(CampaignRecord c) {
        Document rows = new Document();
        c.rows().forEach(r -> rows.append(r.model(), document(r)));
        collection.insertOne(new Document("_id", c.campaignId()).append("name", c.name()).append("baseImage", c.baseImage())
                .append("platformPackage", c.platformPackage()).append("createdAt", c.createdAt().toString())
                .append("phase", c.phase() == null ? null : c.phase().name()).append("rows", rows));
    }

    @Override
    public Optional<CampaignRecord> find(String campaignId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", campaignId)).first()).map(this::record);
    }

    @Override
    public List<CampaignRecord> list() {
        List<CampaignRecord> all = new ArrayList<>();
        for (Document d : collection.find()) {
            all.add(record(d));
        }
        all.sort(Comparator.comparing(CampaignRecord::createdAt).reversed().thenComparing(CampaignRecord::campaignId));
        return all;
    }

    @Override
    public void saveRow(String campaignId, CampaignRow row) {
        // Model names are [a-z0-9-]: safe as a field name, no '.' or '$'.
        collection.updateOne(Filters.eq("_id", campaignId), Updates.set("rows." + row.model(), document(row)));
    }

    @Override
    public void setPhase(String campaignId, CampaignState phase, Instant at) {
        collection.updateOne(Filters.eq("_id", campaignId),
                Updates.combine(Updates.set("phase", phase.name()), Updates.set("phaseAt", at.toString())));
    }

    private Document document(CampaignRow row) {
        try {
            return Document.parse(mapper.writeValueAsString(row));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("campaign row of " + row.model() + " does not serialise", e);
        }
    }

    private CampaignRecord record(Document d) {
        List<CampaignRow> rows = new ArrayList<>();
        Document stored = d.get("rows", Document.class);
        if (stored != null) {
            for (String model : stored.keySet()) {
                try {
                    rows.add(mapper.readValue(stored.get(model, Document.class).toJson(), CampaignRow.class));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("campaign " + d.getString("_id") + " holds an unreadable row of " + model, e);
                }
            }
        }
        rows.sort(Comparator.comparing(CampaignRow::model));
        String phase = d.getString("phase");
        return new CampaignRecord(d.getString("_id"), d.getString("name"), d.getString("baseImage"),
                d.getString("platformPackage"), Instant.parse(d.getString("createdAt")),
                phase == null ? null : CampaignState.valueOf(phase), List.copyOf(rows));
    }
}
