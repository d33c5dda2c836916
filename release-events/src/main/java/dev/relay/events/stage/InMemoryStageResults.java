package dev.relay.events.stage;

import dev.relay.events.RelayEvent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Outcomes kept in memory: for tests, and for a stage whose outcomes need not survive a restart. */
public final class InMemoryStageResults implements StageResults {

    private final Map<String, RelayEvent> outcomes = new ConcurrentHashMap<>();

    @Override
    public Optional<RelayEvent> find(String releaseId) {
        return Optional.ofNullable(outcomes.get(releaseId));
    }

    @Override
    public void save(String releaseId, RelayEvent outcome) {
        outcomes.put(releaseId, outcome);
    }

    public int size() {
        return outcomes.size();
    }
}
