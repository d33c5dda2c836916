package dev.relay.local;

import java.nio.file.Path;

/** The four services of the chain, in chain order, with their default HTTP ports. */
public enum Service {
    IMAGE_BUILDER("image-builder", 8081),
    ENV_MIGRATOR("env-migrator", 8082),
    MODELINFO_MIGRATOR("modelinfo-migrator", 8083),
    RELEASE_BUMPER("release-bumper", 8084);

    private final String id;
    private final int defaultPort;

    Service(String id, int defaultPort) {
        this.id = id;
        this.defaultPort = defaultPort;
    }

    public String id() {
        return id;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The runnable Quarkus application the Maven build leaves in the module. */
    public Path runnable(Path projectRoot) {
        return projectRoot.resolve(id).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
