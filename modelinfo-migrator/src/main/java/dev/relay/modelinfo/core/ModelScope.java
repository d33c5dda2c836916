package dev.relay.modelinfo.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Confines every filter to one model's documents, so a release can never touch another model's
 * ModelInfo whatever its migration files say.
 */
public final class ModelScope {

    public static final String MODEL_FIELD = "model";

    private ModelScope() {
    }

    public static Map<String, Object> filter(String model, Map<String, Object> filter) {
        Map<String, Object> scoped = new LinkedHashMap<>();
        if (filter == null || filter.isEmpty()) {
            scoped.put(MODEL_FIELD, model);
            return scoped;
        }
        // $and rather than a merged key: the file's own filter may say anything about "model"
        // (even $or over it), and the conjunction still pins the result to this model.
        scoped.put("$and", List.of(Map.of(MODEL_FIELD, model), filter));
        return scoped;
    }
}
