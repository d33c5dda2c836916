package dev.relay.env.core.campaign;

/**
 * What a cutover or rollback request did for one model.
 *
 * @param outcome {@code requested} (a rollout.requested is out), {@code unchanged} (already there), or {@code skipped}
 */
public record ModelOutcome(String model, String outcome, String message) {

    static ModelOutcome requested(String model, String message) {
        return new ModelOutcome(model, "requested", message);
    }

    static ModelOutcome unchanged(String model, String message) {
        return new ModelOutcome(model, "unchanged", message);
    }

    static ModelOutcome skipped(String model, String message) {
        return new ModelOutcome(model, "skipped", message);
    }
}
