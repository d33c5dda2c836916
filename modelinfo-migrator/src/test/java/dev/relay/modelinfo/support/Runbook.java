package dev.relay.modelinfo.support;

import dev.relay.modelinfo.core.Migration;
import dev.relay.modelinfo.core.MigrationParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** The runbook's example migration and seed data, shared by the tests and the benchmark. */
public final class Runbook {

    public static final String FILE = "1700000000000_add-baz.json";
    public static final String ID = "1700000000000_add-baz";

    /** Adds baz = foo + string of bar to documents that lack it; down removes it. */
    public static final String JSON = """
            {
              "description": "baz = foo + string of bar",
              "up": [
                {"setComputed": {"filter": {"baz": {"$exists": false}},
                                 "fields": {"baz": {"$concat": ["$foo", {"$toString": "$bar"}]}}}}
              ],
              "down": [
                {"updateMany": {"filter": {"baz": {"$exists": true}}, "update": {"$unset": {"baz": ""}}}}
              ]
            }
            """;

    private Runbook() {
    }

    public static Migration migration() {
        return new MigrationParser().parse(FILE, JSON.getBytes(StandardCharsets.UTF_8));
    }

    public static Migration parse(String fileName, String content) {
        return new MigrationParser().parse(fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code count} ModelInfo documents of {@code model}: foo = "f<i>", bar = i. */
    public static List<Document> documents(String model, int from, int count) {
        List<Document> docs = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            docs.add(new Document("model", model).append("foo", "f" + i).append("bar", i));
        }
        return docs;
    }
}
