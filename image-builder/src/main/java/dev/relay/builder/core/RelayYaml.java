package dev.relay.builder.core;

import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The parts of a model's {@code relay.yaml} the image builder reads. Unknown keys belong to other
 * stages and are ignored.
 *
 * @param model       the model name, if the file names one
 * @param baseImage   the base image for a generated Dockerfile, if overridden
 * @param allowRanges whether requirements may use version ranges
 */
public record RelayYaml(Optional<String> model, Optional<String> baseImage, boolean allowRanges) {

    public static final String FILE = "relay.yaml";
    public static final RelayYaml DEFAULTS = new RelayYaml(Optional.empty(), Optional.empty(), false);

    /** Thrown for a relay.yaml that is not YAML or has a wrong type; the message names the key. */
    public static class InvalidRelayYamlException extends RuntimeException {
        public InvalidRelayYamlException(String message) {
            super(message);
        }
    }

    public static RelayYaml read(SourceFiles files) {
        return files.read(FILE).map(RelayYaml::parse).orElse(DEFAULTS);
    }

    public static RelayYaml parse(String text) {
        Object doc;
        try {
            // Small limits: this is a short config file written by model authors, not a data document.
            LoadSettings settings = LoadSettings.builder().setLabel(FILE).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10).setCodePointLimit(256 * 1024).build();
            doc = new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new InvalidRelayYamlException(FILE + " is not valid YAML: " + e.getMessage());
        }
        if (doc == null) {
            return DEFAULTS;
        }
        if (!(doc instanceof Map<?, ?> root)) {
            throw new InvalidRelayYamlException(FILE + ": the document must be a mapping");
        }
        Optional<String> model = string(root, "model", "model");
        Optional<String> baseImage = string(root, "baseImage", "baseImage");
        boolean allowRanges = false;
        Object requirements = root.get("requirements");
        if (requirements != null) {
            if (!(requirements instanceof Map<?, ?> req)) {
                throw new InvalidRelayYamlException(FILE + ": 'requirements' must be a mapping");
            }
            Object allow = req.get("allowRanges");
            if (allow != null && !(allow instanceof Boolean)) {
                throw new InvalidRelayYamlException(FILE + ": 'requirements.allowRanges' must be true or false");
            }
            allowRanges = Boolean.TRUE.equals(allow);
        }
        return new RelayYaml(model, baseImage, allowRanges);
    }

    private static Optional<String> string(Map<?, ?> map, String key, String path) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidRelayYamlException(FILE + ": '" + path + "' must be a non-empty string");
        }
        return Optional.of(s.strip());
    }
}
