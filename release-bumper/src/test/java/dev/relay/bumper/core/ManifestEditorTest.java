package dev.relay.bumper.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestEditorTest {

    private final ManifestEditor editor = new ManifestEditor();
    private final BumpTarget target = new BumpTarget("hello", ImageRef.parse("r.io/team/hello:v2"));

    @Test
    void aFileThatDoesNotParseIsRefusedWithItsName() {
        assertThatThrownBy(() -> editor.edit("apps/broken.yaml", "a: [1, 2\nimage: r.io/team/hello:v1\n", target))
                .isInstanceOf(UnparsableFileException.class)
                .hasMessageStartingWith("apps/broken.yaml: ")
                .satisfies(e -> assertThat(((UnparsableFileException) e).path()).isEqualTo("apps/broken.yaml"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[] latin1 = "# caf\u00e9\nimage: r.io/team/hello:v1\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> editor.edit("x.yaml", latin1, target)).isInstanceOf(UnparsableFileException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void otherRepositoriesAndOtherKeysAreLeftAlone() throws Exception {
        String text = "image: r.io/team/hello-two:v1\nnote: r.io/team/hello:v1\nimage2: r.io/team/hello:v1\n";
        FileEdit edit = editor.edit("x.yaml", text, target);
        assertThat(edit.hits()).isEmpty();
        assertThat(edit.content()).isEqualTo(text);
    }

    @Test
    void aReferenceWithoutTagOrDigestIsNotATarget() throws Exception {
        assertThat(editor.edit("x.yaml", "image: r.io/team/hello\n", target).hits()).isEmpty();
    }

    @Test
    void anAlreadyCurrentReferenceIsAHitWithoutChange() throws Exception {
        FileEdit edit = editor.edit("x.yaml", "image: r.io/team/hello:v2\n", target);
        assertThat(edit.hits()).singleElement().satisfies(h -> assertThat(h.changes()).isFalse());
        assertThat(edit.changed()).isFalse();
    }

    @Test
    void aMarkerForAnotherModelWithTheSamePrefixDoesNotMatch() throws Exception {
        FileEdit edit = editor.edit("values.yaml", "tag: v1 # relay: hello-model\n", target);
        assertThat(edit.hits()).isEmpty();
    }

    @Test
    void escapedOrBlockScalarsAreNotTouched() throws Exception {
        String text = "image: \"r.io/team/hel\\x6co:v1\"\nother:\n  image: >-\n    r.io/team/hello:v1\n";
        FileEdit edit = editor.edit("x.yaml", text, target);
        assertThat(edit.changed()).isFalse();
        assertThat(edit.content()).isEqualTo(text);
    }

    @Test
    void hitsTellWhatChangedAndWhere() throws Exception {
        FileEdit edit = editor.edit("x.yaml", "a: 1\nspec:\n  image: r.io/team/hello:v1\n", target);
        assertThat(edit.hits()).singleElement().isEqualTo(new FileEdit.Hit("image", 3, "r.io/team/hello:v1", "r.io/team/hello:v2"));
    }
}
