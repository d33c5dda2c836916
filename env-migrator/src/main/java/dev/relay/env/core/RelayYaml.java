package dev.relay.env.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Parses relay.yaml; other keys (model, base image, migrations) belong to other stages and are ignored. */
public final class RelayYaml {

    private RelayYaml() {
    }

    public static RelayConfig parse(String yaml) {
        Object root;
        try {
            // Default settings: no arbitrary types, alias expansion bounded by SnakeYAML Engine itself.
            root = new Load(LoadSettings.builder().setLabel("relay.yaml").build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new ConfigException("relay.yaml is not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return RelayConfig.NONE;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException("relay.yaml must be a mapping at the top level");
        }
        String python = null;
        Object p = map.get("python");
        if (p != null) {
            if (!(p instanceof String) && !(p instanceof Number)) {
                throw new ConfigException("relay.yaml: 'python' must be a string such as \">=3.8,<3.12\"");
            }
            python = String.valueOf(p).trim();
            try {
                PythonConstraint.parse(python);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("relay.yaml: 'python': " + e.getMessage());
            }
        }
        List<String> verify = new ArrayList<>();
        Object v = map.get("verify");
        if (v instanceof String s) {
            verify.add(s);
        } else if (v instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String s) || s.isBlank()) {
                    throw new ConfigException("relay.yaml: every 'verify' entry must be a non-empty command string");
                }
                verify.add(s);
            }
        } else if (v != null) {
            throw new ConfigException("relay.yaml: 'verify' must be a list of command strings");
        }
        return new RelayConfig(python, verify);
    }
}
