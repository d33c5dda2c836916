package dev.relay.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Pep503Test {

    @ParameterizedTest
    @ValueSource(strings = {"foo-bar-baz", "Foo__Bar.-baz", "FOO.BAR_BAZ", " foo-bar--baz "})
    void spellingsOfOneDistributionNormaliseAlike(String name) {
        assertThat(Pep503.normalize(name)).isEqualTo("foo-bar-baz");
    }
}
