package dev.relay.env.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The history port in memory, for core tests (the Mongo store has its own test). */
public class InMemoryHistory implements EnvironmentHistory {

    private final Map<String, EnvironmentRecord> records = new LinkedHashMap<>();

    @Override
    public synchronized boolean insert(EnvironmentRecord r) {
        return records.putIfAbsent(r.releaseId(), r) == null;
    }

    @Override
    public synchronized Optional<EnvironmentRecord> find(String releaseId) {
        return Optional.ofNullable(records.get(releaseId));
    }

    @Override
    public synchronized List<String> models() {
        return records.values().stream().map(EnvironmentRecord::model).distinct().sorted().toList();
    }

    @Override
    public synchronized List<EnvironmentRecord> history(String model) {
        return records.values().stream().filter(r -> r.model().equals(model))
                .sorted(Comparator.comparing(EnvironmentRecord::verifiedAt).reversed()).toList();
    }

    @Override
    public synchronized Optional<EnvironmentRecord> current(String model) {
        return records.values().stream().filter(r -> r.model().equals(model) && r.state() == EnvState.current).findFirst();
    }

    @Override
    public synchronized Optional<EnvironmentRecord> latestPassed(String model) {
        return history(model).stream().filter(EnvironmentRecord::passed).findFirst();
    }

    @Override
    public synchronized void retireCurrent(String model, String keep, Instant at) {
        records.replaceAll((id, r) -> r.model().equals(model) && r.state() == EnvState.current && !id.equals(keep)
                ? with(r, EnvState.retired, r.previous(), r.currentSince(), at, at) : r);
    }

    @Override
    public synchronized void makeCurrent(String releaseId, String previous, Instant at) {
        EnvironmentRecord r = records.get(releaseId);
        records.put(releaseId, with(r, EnvState.current, previous != null ? previous : r.previous(), at, r.retiredAt(), at));
    }

    @Override
    public synchronized void markRolledBack(String releaseId, Instant at) {
        EnvironmentRecord r = records.get(releaseId);
        if (r != null && r.state() != EnvState.rolledBack) {
            records.put(releaseId, with(r, EnvState.rolledBack, r.previous(), r.currentSince(),
                    r.state() == EnvState.current ? at : r.retiredAt(), at));
        }
    }

    private static EnvironmentRecord with(EnvironmentRecord r, EnvState state, String previous, Instant currentSince,
                                          Instant retiredAt, Instant updatedAt) {
        return new EnvironmentRecord(r.releaseId(), r.model(), r.version(), r.imageRef(), r.imageId(), r.environment(),
                r.checks(), r.diff(), r.diffBase(), state, r.failure(), previous, r.verifiedAt(), currentSince, retiredAt,
                updatedAt, r.imageBuilt());
    }
}
