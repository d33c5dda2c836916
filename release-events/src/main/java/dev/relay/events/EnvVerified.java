package dev.relay.events;

import java.util.List;

/** Published by env-migrator once every check on the built image passed. */
public record EnvVerified(Release release, Image image, Environment environment, EnvDiff diff, List<Check> checks,
                          ModelConfig modelConfig) implements RelayEvent {

    /** Without the model's relay.yaml (null): the next stage reads it from git. */
    public EnvVerified(Release release, Image image, Environment environment, EnvDiff diff, List<Check> checks) {
        this(release, image, environment, diff, checks, null);
    }
}
