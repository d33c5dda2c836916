package dev.relay.bumper.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files, Flux image-automation style: each directory under {@code golden/} holds
 * {@code original.yaml}, {@code expected.yaml} and {@code case.properties} (model, image, file name).
 * The edited bytes must equal the expected bytes exactly.
 */
class GoldenFilesTest {

    private final ManifestEditor editor = new ManifestEditor();

    static Stream<String> cases() throws IOException, URISyntaxException {
        Path root = Path.of(GoldenFilesTest.class.getResource("/golden").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void thereAreAtLeastFifteenCases() throws Exception {
        assertThat(cases().count()).isGreaterThanOrEqualTo(15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void editsOnlyTheTagBytes(String name) throws Exception {
        Path dir = Path.of(GoldenFilesTest.class.getResource("/golden/" + name).toURI());
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("case.properties"))) {
            props.load(in);
        }
        byte[] original = Files.readAllBytes(dir.resolve("original.yaml"));
        byte[] expected = Files.readAllBytes(dir.resolve("expected.yaml"));
        BumpTarget target = new BumpTarget(props.getProperty("model"), ImageRef.parse(props.getProperty("image")));

        FileEdit edit = editor.edit(props.getProperty("file"), original, target);

        assertThat(edit.hits()).as("references to the target found").isNotEmpty();
        assertThat(new String(edit.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(edit.bytes()).as("byte for byte").isEqualTo(expected);
        assertThat(edit.changed()).isEqualTo(!java.util.Arrays.equals(original, expected));
    }
}
