package dev.relay.env.core.campaign;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a campaign is. {@code running} and {@code finished} follow from its rows (a row still waiting for its
 * rebuild or verification keeps it running); {@code cut-over} and {@code rolled-back} are what an operator last did.
 */
public enum CampaignState {
    running,
    finished,
    @JsonProperty("cut-over") cutOver,
    @JsonProperty("rolled-back") rolledBack;

    /** The name the API and the report use. */
    public String label() {
        return switch (this) {
            case cutOver -> "cut-over";
            case rolledBack -> "rolled-back";
            default -> name();
        };
    }
}
