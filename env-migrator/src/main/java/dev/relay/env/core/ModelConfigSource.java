package dev.relay.env.core;

/** Where a model's relay.yaml comes from (its git repository at the release commit). */
public interface ModelConfigSource {

    /**
     * relay.yaml at {@code commit}, or {@link RelayConfig#NONE} when the repository has none.
     *
     * @throws ConfigException when the repository or commit cannot be read or the file is invalid
     */
    RelayConfig load(String repoUrl, String commit);
}
