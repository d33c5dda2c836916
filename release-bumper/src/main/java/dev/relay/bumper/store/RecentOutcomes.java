package dev.relay.bumper.store;

import dev.relay.events.RelayEvent;
import dev.relay.events.stage.StageResults;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcomes of the latest releases, in memory, the eldest forgotten first. The GitOps history is
 * the durable record of a success (the {@code Relay-Release-Id} trailer), so a forgotten or
 * restarted-away success is still replayed, from git; a forgotten failure is tried again, which
 * commits nothing twice.
 */
public final class RecentOutcomes implements StageResults {

    private final Map<String, RelayEvent> outcomes;

    public RecentOutcomes(int capacity) {
        this.outcomes = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RelayEvent> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized Optional<RelayEvent> find(String releaseId) {
        return Optional.ofNullable(outcomes.get(releaseId));
    }

    @Override
    public synchronized void save(String releaseId, RelayEvent outcome) {
        outcomes.put(releaseId, outcome);
    }

    public synchronized int size() {
        return outcomes.size();
    }
}
