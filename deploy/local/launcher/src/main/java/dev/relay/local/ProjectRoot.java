package dev.relay.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: services' runnables, the git hook and the scripts are found from it. */
final class ProjectRoot {

    private ProjectRoot() {
    }

    static Path find() {
        String configured = System.getProperty("relay.project.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Classpath.codeSource().toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the Relay repository root; set -Drelay.project.root");
        }
        return dir;
    }
}
