package dev.relay.env.core.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The campaign store port in memory, for core tests (the Mongo store is exercised by the service tests). */
public class InMemoryCampaignStore implements CampaignStore {

    private final Map<String, CampaignRecord> campaigns = new LinkedHashMap<>();

    @Override
    public synchronized void insert(CampaignRecord campaign) {
        campaigns.put(campaign.campaignId(), campaign);
    }

    @Override
    public synchronized Optional<CampaignRecord> find(String campaignId) {
        return Optional.ofNullable(campaigns.get(campaignId));
    }

    @Override
    public synchronized List<CampaignRecord> list() {
        return campaigns.values().stream().sorted(Comparator.comparing(CampaignRecord::createdAt).reversed()).toList();
    }

    @Override
    public synchronized void saveRow(String campaignId, CampaignRow row) {
        CampaignRecord c = campaigns.get(campaignId);
        List<CampaignRow> rows = new ArrayList<>(c.rows());
        rows.replaceAll(r -> r.model().equals(row.model()) ? row : r);
        campaigns.put(campaignId, new CampaignRecord(c.campaignId(), c.name(), c.baseImage(), c.platformPackage(), c.createdAt(),
                c.phase(), List.copyOf(rows)));
    }

    @Override
    public synchronized void setPhase(String campaignId, CampaignState phase, Instant at) {
        CampaignRecord c = campaigns.get(campaignId);
        campaigns.put(campaignId, new CampaignRecord(c.campaignId(), c.name(), c.baseImage(), c.platformPackage(), c.createdAt(),
                phase, c.rows()));
    }
}
