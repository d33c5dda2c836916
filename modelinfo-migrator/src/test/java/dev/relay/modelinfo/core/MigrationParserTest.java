package dev.relay.modelinfo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.modelinfo.support.Runbook;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationParserTest {

    private final MigrationParser parser = new MigrationParser();

    @Test
    void parsesTheRunbookExample() {
        Migration m = Runbook.migration();

        assertThat(m.id()).isEqualTo("1700000000000_add-baz");
        assertThat(m.timestamp()).isEqualTo(1700000000000L);
        assertThat(m.name()).isEqualTo("add-baz");
        assertThat(m.checksum()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(m.up()).singleElement().isInstanceOf(Operation.SetComputed.class);
        assertThat(m.down()).singleElement().isEqualTo(new Operation.UpdateMany(
                Map.of("baz", Map.of("$exists", true)), Map.of("$unset", Map.of("baz", ""))));
    }

    @Test
    void yamlWithTheSameStructureIsAccepted() {
        Migration m = parse("1700000000001_index.yaml", """
                up:
                  - createIndex: {keys: {name: 1}, options: {name: by_name}}
                  - deleteMany: {filter: {obsolete: true}}
                down:
                  - dropIndex: {name: by_name}
                """);

        assertThat(m.up()).containsExactly(new Operation.CreateIndex(Map.of("name", 1), Map.of("name", "by_name")),
                new Operation.DeleteMany(Map.of("obsolete", true)));
        assertThat(m.down()).containsExactly(new Operation.DropIndex("by_name"));
    }

    @Test
    void checksumChangesWithTheFile() {
        assertThat(parse(Runbook.FILE, Runbook.JSON + " ").checksum()).isNotEqualTo(Runbook.migration().checksum());
    }

    @ParameterizedTest
    @ValueSource(strings = {"$where", "$function", "$accumulator"})
    void serverSideJavaScriptIsRejectedNamingFileAndOperation(String operator) {
        String json = """
                {"up": [{"updateMany": {"filter": {}, "update": {"$set": {"a": 1}}}},
                        {"setComputed": {"filter": {"x": {"%s": "return true"}}, "fields": {"a": 1}}}],
                 "down": []}""".formatted(operator);

        assertThatThrownBy(() -> parse("1700000000000_js.json", json))
                .isInstanceOfSatisfying(MigrationException.class, e -> {
                    assertThat(e.reason()).isEqualTo("migration-invalid");
                    assertThat(e.operation()).isEqualTo("up[1] setComputed");
                    assertThat(e.migrationId()).isEqualTo("1700000000000_js");
                })
                .hasMessageContaining("1700000000000_js.json").hasMessageContaining("up[1] setComputed")
                .hasMessageContaining(operator);
    }

    @Test
    void unknownOperationIsRejected() {
        assertThatThrownBy(() -> parse("1700000000000_x.json", "{\"up\": [], \"down\": [{\"dropCollection\": {}}]}"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("1700000000000_x.json: down[0] dropCollection: unknown operation 'dropCollection'");
    }

    @Test
    void deleteManyNeedsANonEmptyFilter() {
        assertThatThrownBy(() -> parse("1700000000000_x.json", "{\"up\": [{\"deleteMany\": {\"filter\": {}}}], \"down\": []}"))
                .isInstanceOf(MigrationException.class).hasMessageContaining("up[0] deleteMany")
                .hasMessageContaining("'filter' must be a non-empty object");
    }

    @Test
    void theModelFieldCannotBeChanged() {
        assertThatThrownBy(() -> parse("1700000000000_x.json",
                "{\"up\": [{\"updateMany\": {\"update\": {\"$set\": {\"model\": \"other\"}}}}], \"down\": []}"))
                .hasMessageContaining("must not change the 'model' field");
        assertThatThrownBy(() -> parse("1700000000000_x.json",
                "{\"up\": [{\"updateMany\": {\"update\": {\"$rename\": {\"a\": \"model\"}}}}], \"down\": []}"))
                .hasMessageContaining("must not change the 'model' field");
        assertThatThrownBy(() -> parse("1700000000000_x.json",
                "{\"up\": [{\"setComputed\": {\"fields\": {\"model\": \"x\"}}}], \"down\": []}"))
                .hasMessageContaining("cannot compute the field 'model'");
    }

    @Test
    void pipelineUpdatesAndUnknownOperatorsAreRejected() {
        assertThatThrownBy(() -> parse("1700000000000_x.json",
                "{\"up\": [{\"updateMany\": {\"update\": {\"$out\": {\"a\": 1}}}}], \"down\": []}"))
                .hasMessageContaining("unsupported update operator '$out'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"add-baz.json", "170000000000_short.json", "1700000000000_.json", "1700000000000-x.json"})
    void badFileNamesAreRejected(String name) {
        assertThatThrownBy(() -> parse(name, "{\"up\": [], \"down\": []}"))
                .isInstanceOf(MigrationException.class).hasMessageContaining(name).hasMessageContaining("<epoch-millis>_<name>");
    }

    @Test
    void structureErrorsAreReported() {
        assertThatThrownBy(() -> parse("1700000000000_x.json", "{\"up\": []}")).hasMessageContaining("'down' is required");
        assertThatThrownBy(() -> parse("1700000000000_x.json", "{\"up\": [], \"down\": [], \"sideways\": []}"))
                .hasMessageContaining("unknown key 'sideways'");
        assertThatThrownBy(() -> parse("1700000000000_x.json", "{\"up\": [ }")).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> parse("1700000000000_x.yaml", "up: [\n")).hasMessageContaining("is not valid YAML");
        assertThatThrownBy(() -> parse("1700000000000_x.json",
                "{\"up\": [{\"updateMany\": {}, \"setComputed\": {}}], \"down\": []}")).hasMessageContaining("exactly one key");
    }

    @Test
    void scopeAddsTheModelToEveryFilter() {
        assertThat(ModelScope.filter("m", Map.of())).isEqualTo(Map.of("model", "m"));
        assertThat(ModelScope.filter("m", Map.of("model", "other")))
                .isEqualTo(Map.of("$and", List.of(Map.of("model", "m"), Map.of("model", "other"))));
    }

    private Migration parse(String name, String content) {
        return parser.parse(name, content.getBytes(StandardCharsets.UTF_8));
    }
}
