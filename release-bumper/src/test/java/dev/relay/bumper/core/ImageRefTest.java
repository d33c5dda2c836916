package dev.relay.bumper.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    @Test
    void aRegistryPortIsNotATag() {
        ImageRef ref = ImageRef.parse("host:5000/team/model:1.2");
        assertThat(ref.repository()).isEqualTo("host:5000/team/model");
        assertThat(ref.tag()).contains("1.2");
        assertThat(ImageRef.parse("host:5000/team/model").tag()).isEmpty();
        assertThat(ImageRef.parse("host:5000/team/model").repository()).isEqualTo("host:5000/team/model");
    }

    @Test
    void digestsAreSplitOff() {
        ImageRef ref = ImageRef.parse("r.io/m:v1@" + A);
        assertThat(ref.repository()).isEqualTo("r.io/m");
        assertThat(ref.tag()).contains("v1");
        assertThat(ref.digest()).contains(A);
        assertThat(ref.toString()).isEqualTo("r.io/m:v1@" + A);
        assertThat(ImageRef.parse("m@" + A).tag()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " m:1", "UPPER/case:1", "m:", "m:-bad", "m@sha256:xyz", "host:port/m:1", "a//b:1", "m:1 2"})
    void rejectsWhatIsNotAReference(String text) {
        assertThat(ImageRef.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> ImageRef.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an image reference");
    }

    @Test
    void rewritingKeepsTheFormOfTheReference() {
        ImageRef target = ImageRef.parse("r.io/m:v2@" + B);
        assertThat(ImageRef.parse("r.io/m:v1").rewrittenTo(target).toString()).isEqualTo("r.io/m:v2");
        assertThat(ImageRef.parse("r.io/m@" + A).rewrittenTo(target).toString()).isEqualTo("r.io/m@" + B);
        assertThat(ImageRef.parse("r.io/m:v1@" + A).rewrittenTo(target).toString()).isEqualTo("r.io/m:v2@" + B);
        // no digest to write: a pinned digest gives way to the tag
        assertThat(ImageRef.parse("r.io/m:v1@" + A).rewrittenTo(ImageRef.parse("r.io/m:v2")).toString())
                .isEqualTo("r.io/m:v2");
        assertThat(ImageRef.parse("r.io/m@" + A).rewrittenTo(ImageRef.parse("r.io/m:v2")).toString())
                .isEqualTo("r.io/m:v2");
    }
}
