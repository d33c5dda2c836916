package dev.relay.modelinfo.core;

import java.util.Map;

/**
 * One step of a migration's {@code up} or {@code down}. Filters and expressions are plain maps (as parsed
 * from the file); the store turns them into BSON. Filters never name the model: {@link ModelScope} adds it.
 */
public sealed interface Operation {

    /** The operation's name as written in a migration file. */
    String kind();

    /** {@code {filter, update}} with update operators ({@code $set}, {@code $unset}, {@code $rename}, ...). */
    record UpdateMany(Map<String, Object> filter, Map<String, Object> update) implements Operation {
        public String kind() {
            return "updateMany";
        }
    }

    /**
     * {@code {filter, fields}} where each field is an aggregation expression evaluated server-side
     * ({@code $match} + {@code $addFields} + {@code $merge} into the same collection).
     */
    record SetComputed(Map<String, Object> filter, Map<String, Object> fields) implements Operation {
        public String kind() {
            return "setComputed";
        }
    }

    record CreateIndex(Map<String, Object> keys, Map<String, Object> options) implements Operation {
        public String kind() {
            return "createIndex";
        }
    }

    record DropIndex(String name) implements Operation {
        public String kind() {
            return "dropIndex";
        }
    }

    /** Only with a non-empty filter: "delete all of this model's documents" is not a migration. */
    record DeleteMany(Map<String, Object> filter) implements Operation {
        public String kind() {
            return "deleteMany";
        }
    }
}
