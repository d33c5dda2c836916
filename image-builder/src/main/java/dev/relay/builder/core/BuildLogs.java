package dev.relay.builder.core;

import dev.relay.events.Release;

/** Where a build's log lines go: {@link BuildStates} keeps each release's tail for {@code GET /builds}. */
@FunctionalInterface
public interface BuildLogs {

    BuildLog open(Release release);
}
