package dev.relay.modelinfo.migration;

import dev.relay.events.RelayEvent;
import java.util.Optional;

/** The outcome published for each release, so a re-delivered event re-publishes it instead of migrating again. */
public interface ReleaseResults {

    Optional<RelayEvent> find(String releaseId);

    void save(String releaseId, RelayEvent outcome);
}
