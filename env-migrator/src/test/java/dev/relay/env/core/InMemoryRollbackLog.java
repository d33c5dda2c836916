package dev.relay.env.core;

import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseRolledBack;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The rollback log in memory, for core tests (the Mongo store has its own test). */
public class InMemoryRollbackLog implements RollbackLog {

    final Map<String, RelayEvent> done = new ConcurrentHashMap<>();
    final Map<String, ReleaseRolledBack> begun = new ConcurrentHashMap<>();

    @Override
    public Optional<RelayEvent> find(String rollbackId) {
        return Optional.ofNullable(done.get(rollbackId));
    }

    @Override
    public void save(String rollbackId, RelayEvent outcome) {
        begun.remove(rollbackId);
        done.put(rollbackId, outcome);
    }

    @Override
    public Optional<ReleaseRolledBack> begun(String rollbackId) {
        return Optional.ofNullable(begun.get(rollbackId));
    }

    @Override
    public void begin(ReleaseRolledBack planned) {
        done.remove(planned.rollback().rollbackId());
        begun.put(planned.rollback().rollbackId(), planned);
    }
}
