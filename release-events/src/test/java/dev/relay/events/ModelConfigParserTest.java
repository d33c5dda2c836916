package dev.relay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ModelConfigParserTest {

    @Test
    void readsEveryKeyOfTheSchema() {
        ModelConfig config = ModelConfigParser.parse("""
                model: hello-model
                baseImage: relay/python-base:3.13
                python: ">=3.10,<3.14"
                verify:
                  - python -c 'import promote'
                  - promote --version
                requirements:
                  allowRanges: true
                migrations:
                  dir: ./db/migrations/
                owner: team-ml   # a key of another tool: ignored
                """);

        assertThat(config).isEqualTo(new ModelConfig(true, "hello-model", "relay/python-base:3.13", ">=3.10,<3.14",
                List.of("python -c 'import promote'", "promote --version"), true, "db/migrations"));
    }

    @Test
    void defaultsForAnEmptyFileAndShorthands() {
        assertThat(ModelConfigParser.parse("")).isEqualTo(new ModelConfig(true, null, null, null, List.of(), false, "migrations"));
        ModelConfig shorthand = ModelConfigParser.parse("python: 3.11\nverify: promote --version\nmigrations: changes\n");
        assertThat(shorthand.python()).isEqualTo("3.11");
        assertThat(shorthand.verify()).containsExactly("promote --version");
        assertThat(shorthand.migrationsDir()).isEqualTo("changes");
        assertThat(ModelConfig.ABSENT.present()).isFalse();
        assertThat(ModelConfig.ABSENT.migrationsDir()).isEqualTo("migrations");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "- a list                                | the document must be a mapping",
            "model: Hello                            | 'model' 'Hello' is not a model name",
            "model: [a]                              | 'model' must be a non-empty string",
            "baseImage: ''                           | 'baseImage' must be a non-empty string",
            "python: [3]                             | 'python' must be a string",
            "verify: {a: b}                          | 'verify' must be a list of command strings",
            "verify: [ok, 3]                         | 'verify[1]' must be a non-empty command string",
            "requirements: yes                       | 'requirements' must be a mapping",
            "requirements: {allowRanges: maybe}      | 'requirements.allowRanges' must be true or false",
            "migrations: {dir: ../elsewhere}         | 'migrations.dir' must be a folder inside the repository, got '../elsewhere'",
            "migrations: /etc                        | 'migrations' must be a folder inside the repository, got '/etc'",
            "model: a\\nmodel: b                     | relay.yaml is not valid YAML",
            "verify: [unclosed                       | relay.yaml is not valid YAML",
    })
    void rejectsWithTheKeyAtFault(String yaml, String message) {
        assertThatThrownBy(() -> ModelConfigParser.parse(yaml.replace("\\n", "\n")))
                .isInstanceOf(InvalidModelConfigException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((InvalidModelConfigException) e).reason()).isEqualTo("invalid-relay-yaml");
    }

    @Test
    void aBillionLaughsIsRefusedByTheAliasLimit() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'm'; c++) {
            char p = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append("]\n");
        }
        assertThatThrownBy(() -> ModelConfigParser.parse(yaml.toString()))
                .isInstanceOf(InvalidModelConfigException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeParsing() {
        byte[] big = ("verify:\n" + "  - echo hello\n".repeat(6000)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelConfigParser.parse(big))
                .isInstanceOf(InvalidModelConfigException.class)
                .hasMessage("relay.yaml is " + big.length + " bytes, over the limit of 65536");
    }
}
