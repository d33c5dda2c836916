package dev.relay.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void removesTheUserInfoOfEveryUrlInAText() {
        assertThat(Redaction.redact("fetch https://relay:ghp_s3cret@git.example/ml/a.git and http://tok@h/b failed"))
                .isEqualTo("fetch https://***@git.example/ml/a.git and http://***@h/b failed");
        assertThat(Redaction.redact("push to ssh://git@host:22/ops.git")).isEqualTo("push to ssh://***@host:22/ops.git");
    }

    @Test
    void leavesTextWithoutCredentialsAsItIs() {
        String text = "https://git.example/ml/a.git, user@example.com, file:///srv/a.git";
        assertThat(Redaction.redact(text)).isEqualTo(text);
        assertThat(Redaction.hasCredentials(text)).isFalse();
        assertThat(Redaction.hasCredentials("https://a:b@h/x")).isTrue();
        assertThat(Redaction.redact(null)).isNull();
    }
}
