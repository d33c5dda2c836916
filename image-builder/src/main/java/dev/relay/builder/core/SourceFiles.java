package dev.relay.builder.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Read access to the files of a checked-out repository, by path relative to its root ({@code a/b.txt}). */
@FunctionalInterface
public interface SourceFiles {

    Optional<String> read(String relativePath);

    static SourceFiles of(Map<String, String> files) {
        return path -> Optional.ofNullable(files.get(path));
    }

    static SourceFiles directory(Path root) {
        return path -> {
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
