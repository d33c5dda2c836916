package dev.relay.events;

import java.util.List;

/** Published by env-migrator once every check on the built image passed. */
public record EnvVerified(Release release, Image image, Environment environment, EnvDiff diff, List<Check> checks)
        implements RelayEvent {
}
