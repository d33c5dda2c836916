package dev.relay.env.core;

import java.util.List;

/**
 * What env-migrator reads from a model's relay.yaml.
 *
 * @param python the interpreter constraint, null when the model declares none
 * @param verify shell commands run inside the image; each must exit 0
 */
public record RelayConfig(String python, List<String> verify) {

    public static final RelayConfig NONE = new RelayConfig(null, List.of());

    public RelayConfig {
        verify = verify == null ? List.of() : List.copyOf(verify);
    }
}
