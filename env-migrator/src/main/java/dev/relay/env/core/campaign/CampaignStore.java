package dev.relay.env.core.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every campaign ever started. A row is written whole, and only by the one consumer handling its model (records are
 * keyed by model), so row writes of different models never race; nothing deletes.
 */
public interface CampaignStore {

    void insert(CampaignRecord campaign);

    Optional<CampaignRecord> find(String campaignId);

    /** Newest first. */
    List<CampaignRecord> list();

    void saveRow(String campaignId, CampaignRow row);

    void setPhase(String campaignId, CampaignState phase, Instant at);
}
