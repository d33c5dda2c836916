package dev.relay.env.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.env.core.ProbeException;
import dev.relay.env.core.ProbeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeOutputTest {

    static final String M = "@@relay-probe-x";

    @Test
    void readsEverySection() {
        String out = String.join("\n", M + " python", "3.11.2", M + " interpreter /opt/venv/bin/python3", M + " packages",
                "WARNING: something", "[{\"name\": \"Tiny_Dep\", \"version\": \"2.0.0\"}, {\"name\": \"pip\", \"version\": \"23.0.1\"}]",
                "", M + " packages-exit 0", M + " pipcheck", "No broken requirements found.", "", M + " pipcheck-exit 0",
                M + " verify 0", "hello", "world", "", M + " verify-exit 0 3", M + " end", "");
        ProbeResult r = ProbeOutput.parse(M, out, List.of("say hello"), 100);
        assertThat(r.python()).isEqualTo("3.11.2");
        assertThat(r.packages()).containsEntry("tiny-dep", "2.0.0").containsEntry("pip", "23.0.1");
        assertThat(r.pipCheckExit()).isZero();
        assertThat(r.pipCheckOutput()).isEqualTo("No broken requirements found.");
        assertThat(r.verify()).singleElement().satisfies(v -> {
            assertThat(v.exitCode()).isEqualTo(3);
            assertThat(v.outputTail()).isEqualTo("hello\nworld");
        });
    }

    @Test
    void noPythonAndNoPipAreClearReasons() {
        assertThatThrownBy(() -> ProbeOutput.parse(M, M + " no-python\nPATH=/bin\n", List.of(), 100))
                .isInstanceOfSatisfying(ProbeException.class, e -> assertThat(e.reason()).isEqualTo("no-python"))
                .hasMessageContaining("no Python interpreter");
        String noPip = String.join("\n", M + " python", "3.11.2", M + " packages", "/usr/bin/python3: No module named pip", "",
                M + " packages-exit 1", "");
        assertThatThrownBy(() -> ProbeOutput.parse(M, noPip, List.of(), 100))
                .isInstanceOfSatisfying(ProbeException.class, e -> {
                    assertThat(e.reason()).isEqualTo("no-pip");
                    assertThat(e.detail()).contains("No module named pip");
                });
    }

    @Test
    void tailKeepsTheEnd() {
        assertThat(ProbeOutput.tail("abcdef", 3)).isEqualTo("…def");
        assertThat(ProbeOutput.tail("abc\n", 3)).isEqualTo("abc");
    }
}
