package dev.relay.events;

/**
 * An event of the release chain. Every event carries the same {@link Release} block so that no
 * consumer has to look anything up.
 */
public sealed interface RelayEvent
        permits ReleaseTagged, ImageBuilt, EnvVerified, ModelInfoMigrated, GitOpsUpdated, ReleaseFailed, ReleaseStatus,
                RollbackRequested, GitOpsReverted, ModelInfoReverted, ReleaseRolledBack, RebuildRequested, RolloutRequested {

    Release release();

    default EventType type() {
        return EventType.of(getClass());
    }
}
