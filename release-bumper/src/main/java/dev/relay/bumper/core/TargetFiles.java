package dev.relay.bumper.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which files of the work tree are searched: every {@code .yaml}/{@code .yml} file, or only those
 * matching a model's path globs (relative paths with '/', e.g. {@code apps/hello/**}).
 */
public final class TargetFiles {

    private final List<PathMatcher> globs;

    public TargetFiles(List<String> globs) {
        this.globs = globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    }

    public static boolean isYaml(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml");
    }

    public boolean matches(String relativePath) {
        if (!isYaml(relativePath)) {
            return false;
        }
        return globs.isEmpty() || globs.stream().anyMatch(m -> m.matches(Path.of(relativePath)));
    }

    /** Relative paths ('/'-separated, sorted) of the files to search under {@code root}, skipping .git. */
    public List<String> list(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith(".git/"))
                    .filter(this::matches)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
