package dev.relay.wheelhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wheel files as the wheel format (PEP 427) and core metadata want them. That pip really
 * installs them offline in the platform base image is tested in testkit ({@code WheelhouseInstallTest}),
 * where the Docker checks live.
 */
class WheelhouseTest {

    @TempDir
    Path tmp;

    @Test
    void aWheelHoldsThePackageItsMetadataAndARecordOfEveryFile() throws IOException {
        Path wheel = new Wheelhouse(tmp.resolve("wheels")).add("Hello.Utils", "1.2.0", List.of("promote>=1", "tiny-dep==2.0"));

        assertThat(wheel).isEqualTo(tmp.resolve("wheels/hello_utils-1.2.0-py3-none-any.whl"));
        Map<String, String> files = entries(wheel);
        assertThat(files.keySet()).containsExactly("hello_utils/__init__.py", "hello_utils-1.2.0.dist-info/METADATA",
                "hello_utils-1.2.0.dist-info/WHEEL", "hello_utils-1.2.0.dist-info/top_level.txt", "hello_utils-1.2.0.dist-info/RECORD");
        assertThat(files.get("hello_utils/__init__.py")).isEqualTo("__version__ = \"1.2.0\"\n");
        assertThat(files.get("hello_utils-1.2.0.dist-info/METADATA")).isEqualTo("""
                Metadata-Version: 2.1
                Name: Hello.Utils
                Version: 1.2.0
                Requires-Dist: promote>=1
                Requires-Dist: tiny-dep==2.0
                """);
        assertThat(files.get("hello_utils-1.2.0.dist-info/WHEEL")).isEqualTo("""
                Wheel-Version: 1.0
                Generator: relay-wheelhouse
                Root-Is-Purelib: true
                Tag: py3-none-any
                """);
        assertThat(files.get("hello_utils-1.2.0.dist-info/top_level.txt")).isEqualTo("hello_utils\n");

        List<String> record = files.get("hello_utils-1.2.0.dist-info/RECORD").lines().toList();
        // sha256 of '__version__ = "1.2.0"\n', computed by Python's hashlib and urlsafe_b64encode.
        assertThat(record.get(0)).isEqualTo("hello_utils/__init__.py,sha256=MpAT5hgNoHnTtG1XRD_GV_A7QrHVU6vJjGSw_8qMGA4,22");
        assertThat(record).hasSize(5).last().isEqualTo("hello_utils-1.2.0.dist-info/RECORD,,");
        for (String line : record.subList(0, 4)) {
            String[] fields = line.split(",");
            byte[] content = files.get(fields[0]).getBytes(StandardCharsets.UTF_8);
            assertThat(fields[1]).as(fields[0]).isEqualTo("sha256=" + sha256(content));
            assertThat(Integer.parseInt(fields[2])).as(fields[0]).isEqualTo(content.length);
        }
    }

    @Test
    void aWheelForSomeInterpretersOnlySaysWhichInItsMetadata() throws IOException {
        Path wheel = new Wheelhouse(tmp.resolve("wheels")).add("legacy-tokenizer", "0.4.0", List.of("promote>=1"), "<3.12");

        assertThat(entries(wheel).get("legacy_tokenizer-0.4.0.dist-info/METADATA")).isEqualTo("""
                Metadata-Version: 2.1
                Name: legacy-tokenizer
                Version: 0.4.0
                Requires-Python: <3.12
                Requires-Dist: promote>=1
                """);
    }

    @Test
    void theSameWheelBuiltTwiceHasTheSameBytes() throws IOException {
        Path first = new Wheelhouse(tmp.resolve("a")).add("promote", "1.10");
        Path second = new Wheelhouse(tmp.resolve("b")).add("promote", "1.10");

        assertThat(first.getFileName().toString()).isEqualTo("promote-1.10-py3-none-any.whl");
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void addingAVersionAgainReplacesItsWheelAndKeepsTheOthers() throws IOException {
        Wheelhouse wheels = new Wheelhouse(tmp.resolve("wheels"));
        wheels.add("hello-utils", "1.1.0");
        wheels.add("hello-utils", "1.2.0", List.of("promote==1.10"));
        wheels.add("hello-utils", "1.2.0");

        try (var listed = Files.list(wheels.dir())) {
            assertThat(listed.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("hello_utils-1.1.0-py3-none-any.whl", "hello_utils-1.2.0-py3-none-any.whl");
        }
        assertThat(entries(wheels.dir().resolve("hello_utils-1.2.0-py3-none-any.whl")).get("hello_utils-1.2.0.dist-info/METADATA"))
                .doesNotContain("Requires-Dist");
    }

    private static Map<String, String> entries(Path wheel) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(wheel))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                files.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static String sha256(byte[] content) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
