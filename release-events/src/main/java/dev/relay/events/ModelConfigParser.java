package dev.relay.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The one parser of {@code relay.yaml} (SnakeYAML Engine, one set of limits). Unknown keys are
 * ignored, so a model can carry settings of tools other than Relay. Every problem is an
 * {@link InvalidModelConfigException} naming the key.
 */
public final class ModelConfigParser {

    /** A short config file written by hand, not a data document. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_ALIASES = 10;

    private ModelConfigParser() {
    }

    public static ModelConfig parse(byte[] content) {
        if (content.length > MAX_BYTES) {
            throw new InvalidModelConfigException(ModelConfig.FILE + " is " + content.length
                    + " bytes, over the limit of " + MAX_BYTES);
        }
        return parse(new String(content, StandardCharsets.UTF_8));
    }

    public static ModelConfig parse(String text) {
        if (text.length() > MAX_BYTES) {
            throw new InvalidModelConfigException(ModelConfig.FILE + " is over the limit of " + MAX_BYTES + " bytes");
        }
        Object doc;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(ModelConfig.FILE).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(MAX_ALIASES).setCodePointLimit(MAX_BYTES).build();
            doc = new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new InvalidModelConfigException(ModelConfig.FILE + " is not valid YAML: " + e.getMessage());
        }
        if (doc == null) {
            return new ModelConfig(true, null, null, null, List.of(), false, null);
        }
        if (!(doc instanceof Map<?, ?> root)) {
            throw new InvalidModelConfigException(ModelConfig.FILE + ": the document must be a mapping");
        }
        String model = string(root, "model", "model");
        if (model != null && !EventValidator.MODEL_NAME.matcher(model).matches()) {
            throw new InvalidModelConfigException(ModelConfig.FILE + ": 'model' '" + model + "' is not a model name ("
                    + EventValidator.MODEL_NAME.pattern() + ")");
        }
        String baseImage = string(root, "baseImage", "baseImage");
        String python = python(root.get("python"));
        List<String> verify = verify(root.get("verify"));
        boolean allowRanges = false;
        Object requirements = root.get("requirements");
        if (requirements != null) {
            if (!(requirements instanceof Map<?, ?> req)) {
                throw new InvalidModelConfigException(ModelConfig.FILE + ": 'requirements' must be a mapping");
            }
            Object allow = req.get("allowRanges");
            if (allow != null && !(allow instanceof Boolean)) {
                throw new InvalidModelConfigException(ModelConfig.FILE + ": 'requirements.allowRanges' must be true or false");
            }
            allowRanges = Boolean.TRUE.equals(allow);
        }
        return new ModelConfig(true, model, baseImage, python, verify, allowRanges, migrationsDir(root.get("migrations")));
    }

    /** Checks a migrations folder: relative, inside the repository; returns it without {@code ./} and trailing slashes. */
    public static String migrationsDir(String field, String dir) {
        String path = dir.strip().replaceAll("^(\\./)+", "").replaceAll("/+$", "");
        if (path.isBlank() || path.startsWith("/") || path.contains("\\") || List.of(path.split("/")).contains("..")) {
            throw new InvalidModelConfigException(ModelConfig.FILE + ": '" + field
                    + "' must be a folder inside the repository, got '" + dir + "'");
        }
        return path;
    }

    private static String migrationsDir(Object migrations) {
        Object dir = migrations instanceof Map<?, ?> m ? m.get("dir") : migrations;
        String field = migrations instanceof Map<?, ?> ? "migrations.dir" : "migrations";
        if (dir == null) {
            return ModelConfig.DEFAULT_MIGRATIONS_DIR;
        }
        if (!(dir instanceof String s)) {
            throw new InvalidModelConfigException(ModelConfig.FILE + ": '" + field + "' must be a folder name");
        }
        return migrationsDir(field, s);
    }

    private static String python(Object value) {
        if (value == null) {
            return null;
        }
        // A bare number (python: 3.11) is what authors write; it means the same as the string.
        if (!(value instanceof String) && !(value instanceof Number)) {
            throw new InvalidModelConfigException(ModelConfig.FILE + ": 'python' must be a string such as \">=3.8,<3.12\"");
        }
        String constraint = String.valueOf(value).strip();
        if (constraint.isEmpty()) {
            throw new InvalidModelConfigException(ModelConfig.FILE + ": 'python' must not be empty");
        }
        return constraint;
    }

    private static List<String> verify(Object value) {
        List<String> commands = new ArrayList<>();
        if (value == null) {
            return commands;
        }
        if (value instanceof String s) {
            if (s.isBlank()) {
                throw new InvalidModelConfigException(ModelConfig.FILE + ": 'verify' must be a non-empty command string");
            }
            commands.add(s);
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s) || s.isBlank()) {
                    throw new InvalidModelConfigException(ModelConfig.FILE + ": 'verify[" + i + "]' must be a non-empty command string");
                }
                commands.add(s);
            }
        } else {
            throw new InvalidModelConfigException(ModelConfig.FILE + ": 'verify' must be a list of command strings");
        }
        return commands;
    }

    private static String string(Map<?, ?> map, String key, String path) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidModelConfigException(ModelConfig.FILE + ": '" + path + "' must be a non-empty string");
        }
        return s.strip();
    }
}
