package dev.relay.builder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the image builder, under {@code relay.builder.*} (environment: {@code RELAY_BUILDER_*}). */
@ConfigMapping(prefix = "relay.builder")
public interface ImageBuilderConfig {

    /** Base image of generated Dockerfiles; a model may override it in relay.yaml ({@code baseImage}). */
    @WithDefault("relay/python-base:3.11")
    String baseImage();

    /** The platform package that must be the first requirement. */
    @WithDefault("promote")
    String platformPackage();

    /** Whether the platform package must come first in requirements.txt. */
    @WithDefault("true")
    boolean platformPackageRequired();

    /** Accept -e, VCS and URL requirements. */
    @WithDefault("false")
    boolean allowDirectReferences();

    /** Accept --index-url / --extra-index-url / --find-links lines in requirements files. */
    @WithDefault("false")
    boolean allowIndexOptions();

    /** A folder of wheels copied into every generated build; pip runs with --no-index --find-links. Wins over index-url. */
    Optional<Path> wheelhouse();

    /** The package index pip uses when no wheelhouse is configured (must not carry credentials: it is in the image history). */
    Optional<String> indexUrl();

    Registry registry();

    /** The longest a build (and a push) may take. */
    @WithDefault("15m")
    Duration buildTimeout();

    /** Timeout of one git network operation. */
    @WithDefault("2m")
    Duration gitTimeout();

    /** The largest build context sent to the engine, in bytes. */
    @WithDefault("536870912")
    long contextMaxBytes();

    /** The network of build containers: none keeps builds offline. */
    @WithDefault("none")
    String network();

    /** How many models may build at the same time (releases of one model are always built in order). */
    @WithDefault("2")
    int parallelism();

    /** Repository cache and work folders. */
    @WithDefault("${java.io.tmpdir}/relay-image-builder")
    Path cacheDir();

    /** How many last log lines are kept for release.failed and GET /builds. */
    @WithDefault("40")
    int logTailLines();

    /** The engine; default: DOCKER_HOST, else the local socket. */
    Optional<String> dockerHost();

    interface Registry {
        /** Registry host (and optional path) to tag and push images for; no push when absent. */
        Optional<String> address();

        Optional<String> username();

        /** Only sent to the engine for the push; never logged. */
        Optional<String> password();

        /** A push that finds nothing answering at the address is tried again this way before the release fails. */
        Retry retry();
    }

    interface Retry {
        /** Pushes after the first (0: none); with the defaults a registry that is gone fails a release within about 10 s. */
        @WithDefault("3")
        int maxRetries();

        /** The first wait; each further one doubles, with jitter. */
        @WithDefault("1s")
        Duration initialDelay();

        @WithDefault("8s")
        Duration maxDelay();
    }

    /** A delivery whose events could not be published is tried again: the first wait, doubling up to the last (README, "Bad records and broker outages"). */
    PublishRetrySettings publishRetry();

    interface PublishRetrySettings {
        @WithDefault("500ms")
        java.time.Duration initialDelay();

        @WithDefault("30s")
        java.time.Duration maxDelay();
    }
}
