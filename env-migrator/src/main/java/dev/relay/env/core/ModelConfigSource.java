package dev.relay.env.core;

import dev.relay.events.ModelConfig;

/**
 * Where a model's relay.yaml comes from when the event does not carry it (an image.built of an older
 * producer, or a verification by hand): the model's git repository at the release commit.
 */
public interface ModelConfigSource {

    /**
     * relay.yaml at {@code commit}, or {@link ModelConfig#ABSENT} when the repository has none.
     *
     * @throws ConfigException when the repository or commit cannot be read
     * @throws dev.relay.events.InvalidModelConfigException when the file is not a valid relay.yaml
     */
    ModelConfig load(String repoUrl, String commit);
}
