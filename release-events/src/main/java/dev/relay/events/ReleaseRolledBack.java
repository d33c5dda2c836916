package dev.relay.events;

/**
 * Published by env-migrator, the last event of a rollback: the target release's environment is current
 * again and the releases undone are marked rolled back (in a dry run: what would change).
 *
 * @param environment the environment before and after, and the difference
 */
public record ReleaseRolledBack(Release release, Rollback rollback, EnvironmentChange environment) implements RelayEvent {

    /**
     * @param from      the release whose environment was current
     * @param to        the release whose environment is current again
     * @param fromImage its image
     * @param toImage   the target's image
     * @param diff      what changes from {@code from} to {@code to}
     */
    public record EnvironmentChange(String from, String to, String fromImage, String toImage, EnvDiff diff) {
    }
}
