package dev.relay.bumper.core;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which files of the GitOps branch are searched: every {@code .yaml}/{@code .yml} file, or only those
 * matching a model's path globs (relative paths with '/', e.g. {@code apps/hello/**}). Pure: the
 * {@link GitOpsRepository} lists the files, this only says which ones count.
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
}
