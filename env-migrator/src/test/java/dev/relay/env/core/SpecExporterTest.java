package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.events.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecExporterTest {

    private final Environment env = new Environment("3.11.2",
            Map.of("promote", "1.10", "tiny-dep", "2.0.0", "pip", "23.0.1", "setuptools", "66.1.1"));

    @Test
    void requirementsAreExactSortedPinsWithoutTooling() {
        assertThat(SpecExporter.requirements("hello@v1", env)).isEqualTo("""
                # environment of hello@v1, verified by env-migrator
                # python 3.11.2
                promote==1.10
                tiny-dep==2.0.0
                """);
    }

    @Test
    void condaSpecPinsPythonWithoutBuildStrings() {
        String spec = SpecExporter.export(SpecExporter.Format.of("conda"), "hello", "hello@v1", env);
        assertThat(spec).contains("name: hello\n").contains("  - python=3.11.2\n").contains("      - promote==1.10\n")
                .doesNotContain("pip==").doesNotContain("setuptools");
    }

    @Test
    void unknownFormatIsRefused() {
        assertThat(SpecExporter.Format.of(null)).isEqualTo(SpecExporter.Format.requirements);
        assertThatThrownBy(() -> SpecExporter.Format.of("poetry")).hasMessageContaining("'requirements' or 'conda'");
    }
}
