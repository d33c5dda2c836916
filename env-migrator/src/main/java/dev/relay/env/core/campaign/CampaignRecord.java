package dev.relay.env.core.campaign;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.relay.events.Campaign;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A campaign and its rows (one per model, by model name).
 *
 * @param phase what an operator last did ({@link CampaignState#cutOver} or {@link CampaignState#rolledBack}), null before
 */
public record CampaignRecord(String campaignId, String name, String baseImage, String platformPackage, Instant createdAt,
                             CampaignState phase, List<CampaignRow> rows) {

    /** Rows by result. */
    public record Counts(int total, int passed, int failed, int pending) {
    }

    public CampaignState state() {
        if (phase != null) {
            return phase;
        }
        return counts().pending() > 0 ? CampaignState.running : CampaignState.finished;
    }

    public Counts counts() {
        int passed = 0;
        int failed = 0;
        int pending = 0;
        for (CampaignRow r : rows) {
            switch (r.result()) {
                case passed -> passed++;
                case failed -> failed++;
                case pending -> pending++;
            }
        }
        return new Counts(rows.size(), passed, failed, pending);
    }

    /** True while a rebuild or a verification of the model is awaited. */
    public boolean running(String model) {
        return row(model).filter(r -> r.result() == CampaignRow.Result.pending).isPresent();
    }

    public Optional<CampaignRow> row(String model) {
        return rows.stream().filter(r -> r.model().equals(model)).findFirst();
    }

    /** The block of this campaign's events at {@code step}. */
    @JsonIgnore
    public Campaign block(Campaign.Step step) {
        return new Campaign(campaignId, name, baseImage, platformPackage, step);
    }
}
