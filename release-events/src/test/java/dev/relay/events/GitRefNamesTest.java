package dev.relay.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitRefNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.11", "1.0", "release/2026-11", "v1.0.0-rc.1+build.5", "@v1", "ä-umlaut"})
    void acceptsWhatGitAccepts(String tag) {
        assertThat(GitRefNames.problemWithTag(tag)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@", ".hidden", "a/.b", "v1.", "a..b", "a//b", "/a", "a b", "a\tb", "a:b", "a?b", "a*b",
            "a[b", "a\\b", "a^b", "x.lock", "a@{b"})
    void rejectsWhatGitRejects(String tag) {
        assertThat(GitRefNames.problemWithTag(tag)).isPresent();
    }
}
