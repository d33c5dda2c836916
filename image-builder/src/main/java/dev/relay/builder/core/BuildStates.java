package dev.relay.builder.core;

import dev.relay.events.ImageBuilt;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.stage.StageFailure;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * What the REST API tells about builds since the last restart: each release's state and the tail
 * of its build log, live while it builds.
 */
public final class BuildStates implements BuildLogs {

    private record Entry(BuildState.State state, BuildLog log, String image, String imageId, String reason, String message) {
        BuildState view() {
            return new BuildState(state, image, imageId, reason, message, log.tail());
        }
    }

    private final int tailLines;
    private final BiConsumer<String, String> serviceLog;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param serviceLog told every log line with its release id, for the service log */
    public BuildStates(int tailLines, BiConsumer<String, String> serviceLog) {
        this.tailLines = tailLines;
        this.serviceLog = serviceLog;
    }

    public void queued(String releaseId) {
        entries.put(releaseId, new Entry(BuildState.State.queued, newLog(releaseId), null, null, null, null));
    }

    public void building(String releaseId) {
        entries.compute(releaseId, (id, e) -> new Entry(BuildState.State.building, e == null ? newLog(id) : e.log(),
                null, null, null, null));
    }

    @Override
    public BuildLog open(Release release) {
        return entries.computeIfAbsent(release.releaseId(),
                id -> new Entry(BuildState.State.building, newLog(id), null, null, null, null)).log();
    }

    /** The outcome the runner published. */
    public void finished(String releaseId, RelayEvent outcome) {
        entries.compute(releaseId, (id, e) -> {
            BuildLog log = e == null ? newLog(id) : e.log();
            if (outcome instanceof ImageBuilt built) {
                return new Entry(BuildState.State.succeeded, log, built.image().ref(), built.image().id(), null, null);
            }
            ReleaseFailed failed = (ReleaseFailed) outcome;
            return new Entry(BuildState.State.failed, log, null, null, failed.reason(), failed.message());
        });
    }

    /** The events of the build could not be published: the record is delivered again. */
    public void unpublished(String releaseId, String message) {
        entries.compute(releaseId, (id, e) -> new Entry(BuildState.State.failed, e == null ? newLog(id) : e.log(), null, null,
                StageFailure.INTERNAL_ERROR, message));
    }

    public Optional<BuildState> state(String releaseId) {
        return Optional.ofNullable(entries.get(releaseId)).map(Entry::view);
    }

    private BuildLog newLog(String releaseId) {
        return new BuildLog(tailLines, line -> serviceLog.accept(releaseId, line));
    }
}
