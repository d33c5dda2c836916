package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Pep440VersionTest {

    @Test
    void trailingZerosDoNotMatter() {
        assertThat(Pep440Version.same("2.22", "2.22.0")).isTrue();
        assertThat(Pep440Version.same("1", "1.0.0.0")).isTrue();
        assertThat(Pep440Version.same("2.22", "2.22.1")).isFalse();
        assertThat(Pep440Version.same("v1.0", "1.0")).isTrue();
    }

    @Test
    void ordersPreDevAndPostReleasesLikePip() {
        String[] ordered = {"1.0.dev1", "1.0a1", "1.0a2.dev1", "1.0a2", "1.0b1", "1.0rc1", "1.0", "1.0.post1", "1.1", "1!0.5"};
        for (int i = 0; i + 1 < ordered.length; i++) {
            assertThat(Pep440Version.parse(ordered[i])).as(ordered[i] + " < " + ordered[i + 1])
                    .isLessThan(Pep440Version.parse(ordered[i + 1]));
        }
        assertThat(Pep440Version.same("1.0-1", "1.0.post1")).isTrue();
        assertThat(Pep440Version.same("1.0RC1", "1.0rc1")).isTrue();
    }

    @Test
    void localVersionsSortAfterThePublicOne() {
        assertThat(Pep440Version.parse("1.0+cpu")).isGreaterThan(Pep440Version.parse("1.0"));
        assertThat(Pep440Version.same("1.0+cpu", "1.0")).isFalse();
    }

    @Test
    void rejectsWhatIsNotAVersion() {
        assertThat(Pep440Version.isValid("latest")).isFalse();
        assertThatThrownBy(() -> Pep440Version.parse("1.x")).hasMessageContaining("not a PEP 440 version");
        // Legacy strings still compare literally.
        assertThat(Pep440Version.same("custom-build", "custom-build")).isTrue();
    }
}
