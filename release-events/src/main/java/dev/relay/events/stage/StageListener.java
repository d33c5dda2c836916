package dev.relay.events.stage;

/** Told about every run of a stage, e.g. to count outcomes and time them in metrics. */
@FunctionalInterface
public interface StageListener {

    StageListener NONE = (stage, result, reason, millis) -> {
    };

    /**
     * @param result {@code succeeded}, {@code failed} or {@code replayed}
     * @param reason the failure reason, or {@code none}
     */
    void finished(String stage, String result, String reason, long millis);
}
