package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RelayYamlTest {

    @Test
    void readsPythonAndVerifyAndIgnoresOtherKeys() {
        RelayConfig c = RelayYaml.parse("""
                model: hello-model
                python: ">=3.8,<3.12"
                verify:
                  - python -c "from hello import check_env; check_env()"
                  - pip --version
                migrations: migrations/
                """);
        assertThat(c.python()).isEqualTo(">=3.8,<3.12");
        assertThat(c.verify()).containsExactly("python -c \"from hello import check_env; check_env()\"", "pip --version");
    }

    @Test
    void emptyFileMeansNoConstraints() {
        assertThat(RelayYaml.parse("")).isEqualTo(RelayConfig.NONE);
        assertThat(RelayYaml.parse("verify: echo ok").verify()).containsExactly("echo ok");
    }

    @Test
    void badContentIsAConfigErrorThatSaysWhy() {
        assertThatThrownBy(() -> RelayYaml.parse("python: [1")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> RelayYaml.parse("python: 'banana'")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'python'");
        assertThatThrownBy(() -> RelayYaml.parse("verify: {a: b}")).hasMessageContaining("list of command strings");
        assertThatThrownBy(() -> RelayYaml.parse("- a")).hasMessageContaining("mapping");
        // Refused when relay.yaml is read, not with a NumberFormatException while checking the interpreter.
        assertThatThrownBy(() -> RelayYaml.parse("python: '~=1!3.10'")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("relay.yaml: 'python': '~=1!3.10': version epochs ('!') are not supported with ~=");
    }
}
