package dev.relay.modelinfo.core;

import java.util.List;

/** Where migration progress is recorded, per model and migration id. */
public interface Changelog {

    /** Every entry of the model, in migration id (timestamp) order. */
    List<ChangelogEntry> entries(String model);

    /** Inserts or replaces the entry of {@code (model, migrationId)}. */
    void save(ChangelogEntry entry);
}
