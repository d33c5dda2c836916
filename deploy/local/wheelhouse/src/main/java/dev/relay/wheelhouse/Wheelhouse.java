package dev.relay.wheelhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A local folder of real, installable Python wheels built here, offline (there is no PyPI): the
 * local run's sample model installs them, and the services' tests build images with them. Each
 * wheel is pure Python ({@code py3-none-any}): a package whose {@code __version__} is the wheel's
 * version, with its dependencies in {@code Requires-Dist}, so
 * {@code pip install --no-index --find-links <dir>} installs it and {@code pip check} sees the
 * dependencies. A wheel's bytes depend only on its name, version and dependencies, so a rebuilt
 * wheel does not invalidate an image layer that installed it.
 */
public final class Wheelhouse {

    private final Path dir;

    public Wheelhouse(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Adds {@code name==version} with no dependencies. */
    public Path add(String name, String version) {
        return add(name, version, List.of());
    }

    /**
     * Adds {@code name==version} depending on {@code requires} (PEP 508 strings such as
     * {@code "requests>=2"}).
     */
    public Path add(String name, String version, List<String> requires) {
        return add(name, version, requires, null);
    }

    /**
     * Adds {@code name==version} depending on {@code requires} and installable only on the interpreters
     * {@code requiresPython} allows ({@code "<3.12"}, say; null for any): pip refuses it elsewhere with "requires a
     * different Python", as it refuses a real package that has not been ported to a new interpreter.
     */
    public Path add(String name, String version, List<String> requires, String requiresPython) {
        String dist = name.toLowerCase().replaceAll("[-_.]+", "_");
        String distInfo = dist + "-" + version + ".dist-info";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(dist + "/__init__.py", ("__version__ = \"" + version + "\"\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder metadata = new StringBuilder("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        if (requiresPython != null) {
            metadata.append("Requires-Python: ").append(requiresPython).append('\n');
        }
        requires.forEach(r -> metadata.append("Requires-Dist: ").append(r).append('\n'));
        files.put(distInfo + "/METADATA", metadata.toString().getBytes(StandardCharsets.UTF_8));
        files.put(distInfo + "/WHEEL", "Wheel-Version: 1.0\nGenerator: relay-wheelhouse\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        files.put(distInfo + "/top_level.txt", (dist + "\n").getBytes(StandardCharsets.UTF_8));

        List<String> record = new ArrayList<>();
        files.forEach((path, content) -> record.add(path + ",sha256=" + hash(content) + "," + content.length));
        record.add(distInfo + "/RECORD,,");
        files.put(distInfo + "/RECORD", (String.join("\n", record) + "\n").getBytes(StandardCharsets.UTF_8));

        Path wheel = dir.resolve(dist + "-" + version + "-py3-none-any.whl");
        try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTime(315532800000L); // 1980-01-01: the same bytes on every build
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return wheel;
    }

    private static String hash(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
