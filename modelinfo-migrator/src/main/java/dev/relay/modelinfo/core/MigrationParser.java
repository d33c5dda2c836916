package dev.relay.modelinfo.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads one migration file and checks everything that can be checked without a database, so that an
 * invalid file fails the release before any operation runs.
 *
 * <p>File format (JSON shown; YAML with the same structure is accepted):
 * <pre>{"up":   [{"setComputed": {"filter": {"baz": {"$exists": false}}, "fields": {"baz": {"$concat": ["$foo", {"$toString": "$bar"}]}}}}],
 *  "down": [{"updateMany": {"filter": {"baz": {"$exists": true}}, "update": {"$unset": {"baz": ""}}}}]}</pre>
 * Each operation is an object with exactly one key, the operation's name.
 */
public final class MigrationParser {

    /** {@code <epoch-millis>_<name>.<json|yaml|yml>}: 13 digits keep ids sortable as text until the year 2286. */
    public static final Pattern FILE_NAME = Pattern.compile("(\\d{13})_([A-Za-z0-9][A-Za-z0-9._-]*)\\.(json|ya?ml)");

    private static final Set<String> TOP_LEVEL = Set.of("up", "down", "description");
    private static final Set<String> SERVER_SIDE_JS = Set.of("$where", "$function", "$accumulator");
    private static final Set<String> UPDATE_OPERATORS = Set.of("$set", "$unset", "$rename", "$inc", "$mul", "$min",
            "$max", "$currentDate", "$push", "$pull", "$pullAll", "$addToSet", "$pop");
    private static final Set<String> INDEX_OPTIONS = Set.of("name", "unique", "sparse", "expireAfterSeconds");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public static boolean looksLikeMigration(String fileName) {
        return fileName.endsWith(".json") || fileName.endsWith(".yaml") || fileName.endsWith(".yml");
    }

    public Migration parse(String fileName, byte[] content) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw invalid(fileName, null, "the name must be <epoch-millis>_<name>.json (13 digits, then a name of "
                    + "letters, digits, '.', '_' or '-'), e.g. 1700000000000_add-baz.json");
        }
        String id = m.group(1) + "_" + m.group(2);
        String source = new String(content, StandardCharsets.UTF_8);
        Object document = read(fileName, m.group(3).equals("json"), source);
        if (!(document instanceof Map<?, ?> top)) {
            throw invalid(fileName, null, "must be an object with 'up' and 'down' lists");
        }
        for (Object key : top.keySet()) {
            if (!TOP_LEVEL.contains(String.valueOf(key))) {
                throw invalid(fileName, null, "unknown key '" + key + "' (expected up, down, description)");
            }
        }
        List<Operation> up = operations(fileName, "up", top.get("up"));
        List<Operation> down = operations(fileName, "down", top.get("down"));
        return new Migration(id, Long.parseLong(m.group(1)), m.group(2), fileName, checksum(content), up, down, source);
    }

    public static String checksum(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object read(String fileName, boolean isJson, String source) {
        try {
            if (isJson) {
                return json.readValue(source, Object.class);
            }
            return new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(source);
        } catch (JsonProcessingException e) {
            throw invalid(fileName, null, "is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (YamlEngineException e) {
            throw invalid(fileName, null, "is not valid YAML: " + e.getMessage());
        }
    }

    private List<Operation> operations(String fileName, String direction, Object value) {
        if (value == null) {
            throw invalid(fileName, null, "'" + direction + "' is required (use [] for none)");
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(fileName, null, "'" + direction + "' must be a list of operations");
        }
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ops.add(operation(fileName, direction + "[" + i + "]", list.get(i)));
        }
        return List.copyOf(ops);
    }

    private Operation operation(String fileName, String where, Object value) {
        if (!(value instanceof Map<?, ?> wrapper) || wrapper.size() != 1) {
            throw invalid(fileName, where, "an operation is an object with exactly one key, its name "
                    + "(updateMany, setComputed, createIndex, dropIndex, deleteMany)");
        }
        String kind = String.valueOf(wrapper.keySet().iterator().next());
        String at = where + " " + kind;
        Object rawArgs = wrapper.values().iterator().next();
        rejectServerSideJavaScript(fileName, at, rawArgs);
        if (!(rawArgs instanceof Map<?, ?>)) {
            throw invalid(fileName, at, "arguments must be an object");
        }
        Map<String, Object> args = stringKeys(fileName, at, rawArgs);
        switch (kind) {
            case "updateMany": {
                only(fileName, at, args, Set.of("filter", "update"));
                Map<String, Object> update = requiredMap(fileName, at, args, "update", false);
                checkUpdate(fileName, at, update);
                return new Operation.UpdateMany(optionalMap(fileName, at, args, "filter"), update);
            }
            case "setComputed": {
                only(fileName, at, args, Set.of("filter", "fields"));
                Map<String, Object> fields = requiredMap(fileName, at, args, "fields", false);
                for (String field : fields.keySet()) {
                    if (field.startsWith("$") || field.equals("_id") || touchesModel(field)) {
                        throw invalid(fileName, at, "cannot compute the field '" + field + "'");
                    }
                }
                return new Operation.SetComputed(optionalMap(fileName, at, args, "filter"), fields);
            }
            case "createIndex": {
                only(fileName, at, args, Set.of("keys", "options"));
                Map<String, Object> keys = requiredMap(fileName, at, args, "keys", false);
                Map<String, Object> options = optionalMap(fileName, at, args, "options");
                for (String option : options.keySet()) {
                    if (!INDEX_OPTIONS.contains(option)) {
                        throw invalid(fileName, at, "unsupported index option '" + option + "' (allowed: " + INDEX_OPTIONS + ")");
                    }
                }
                return new Operation.CreateIndex(keys, options);
            }
            case "dropIndex": {
                only(fileName, at, args, Set.of("name"));
                if (!(args.get("name") instanceof String name) || name.isBlank()) {
                    throw invalid(fileName, at, "'name' (the index name) is required");
                }
                return new Operation.DropIndex(name);
            }
            case "deleteMany": {
                only(fileName, at, args, Set.of("filter"));
                return new Operation.DeleteMany(requiredMap(fileName, at, args, "filter", false));
            }
            default:
                throw invalid(fileName, at, "unknown operation '" + kind
                        + "' (allowed: updateMany, setComputed, createIndex, dropIndex, deleteMany)");
        }
    }

    private void checkUpdate(String fileName, String at, Map<String, Object> update) {
        for (Map.Entry<String, Object> op : update.entrySet()) {
            if (!UPDATE_OPERATORS.contains(op.getKey())) {
                throw invalid(fileName, at, "unsupported update operator '" + op.getKey() + "' (allowed: "
                        + UPDATE_OPERATORS + "; pipeline updates: use setComputed)");
            }
            if (!(op.getValue() instanceof Map<?, ?> fields) || fields.isEmpty()) {
                throw invalid(fileName, at, op.getKey() + " needs an object of fields");
            }
            for (Map.Entry<?, ?> field : fields.entrySet()) {
                boolean renamesOntoModel = op.getKey().equals("$rename") && field.getValue() instanceof String target
                        && touchesModel(target);
                if (touchesModel(String.valueOf(field.getKey())) || renamesOntoModel) {
                    // The model field is what confines a release to its own documents; it is not data.
                    throw invalid(fileName, at, "must not change the '" + ModelScope.MODEL_FIELD + "' field");
                }
            }
        }
    }

    private static boolean touchesModel(String field) {
        return field.equals(ModelScope.MODEL_FIELD) || field.startsWith(ModelScope.MODEL_FIELD + ".");
    }

    private void rejectServerSideJavaScript(String fileName, String at, Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (SERVER_SIDE_JS.contains(String.valueOf(e.getKey()))) {
                    throw invalid(fileName, at, e.getKey() + " is not allowed: server-side JavaScript is rejected");
                }
                rejectServerSideJavaScript(fileName, at, e.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                rejectServerSideJavaScript(fileName, at, item);
            }
        }
    }

    private void only(String fileName, String at, Map<String, Object> args, Set<String> allowed) {
        for (String key : args.keySet()) {
            if (!allowed.contains(key)) {
                throw invalid(fileName, at, "unknown argument '" + key + "' (allowed: " + allowed + ")");
            }
        }
    }

    private Map<String, Object> requiredMap(String fileName, String at, Map<String, Object> args, String key, boolean mayBeEmpty) {
        Object value = args.get(key);
        if (!(value instanceof Map<?, ?> map) || (!mayBeEmpty && map.isEmpty())) {
            throw invalid(fileName, at, "'" + key + "' must be a non-empty object");
        }
        return stringKeys(fileName, at, value);
    }

    private Map<String, Object> optionalMap(String fileName, String at, Map<String, Object> args, String key) {
        Object value = args.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw invalid(fileName, at, "'" + key + "' must be an object");
        }
        return stringKeys(fileName, at, value);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> stringKeys(String fileName, String at, Object map) {
        for (Object key : ((Map<?, ?>) map).keySet()) {
            if (!(key instanceof String)) {
                throw invalid(fileName, at, "keys must be strings, found " + key);
            }
        }
        return (Map<String, Object>) map;
    }

    private static MigrationException invalid(String fileName, String operation, String problem) {
        String message = fileName + (operation == null ? "" : ": " + operation) + ": " + problem;
        return new MigrationException(MigrationException.INVALID, idOf(fileName), operation, message, null);
    }

    private static String idOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
