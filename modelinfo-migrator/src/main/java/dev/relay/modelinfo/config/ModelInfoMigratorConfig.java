package dev.relay.modelinfo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code relay.modelinfo.*}; every key can be set by environment variable, e.g. RELAY_MODELINFO_COLLECTION. */
@ConfigMapping(prefix = "relay.modelinfo")
public interface ModelInfoMigratorConfig {

    /** How many models' migrations run at the same time, in one instance (one model's always in order, under its lock). */
    @WithDefault("4")
    int concurrency();

    /** Database holding the ModelInfo collection and this service's own collections. */
    @WithDefault("relay")
    String database();

    /** The ModelInfo collection; documents carry a {@code model} field. */
    @WithDefault("modelinfo")
    String collection();

    @WithDefault("modelinfo_changelog")
    String changelogCollection();

    @WithDefault("modelinfo_locks")
    String lockCollection();

    /** Outcome per releaseId, for idempotent re-delivery. */
    @WithDefault("modelinfo_releases")
    String releasesCollection();

    Lock lock();

    Git git();

    interface Lock {
        /** How long a lock lives without being extended; the holder extends it every ttl/3. */
        @WithDefault("PT30S")
        Duration ttl();

        /** How long a second instance waits for a model's lock before failing with migration-locked. */
        @WithDefault("PT60S")
        Duration maxWait();

        @WithDefault("PT0.25S")
        Duration pollInterval();

        /** Lock owner name; defaults to host, pid and a random suffix. Each lease appends "/" and a random UUID. */
        Optional<String> owner();
    }

    interface Git {
        /** Where fetched model repositories are cached as bare repositories. */
        @WithDefault("${java.io.tmpdir}/relay-modelinfo-git")
        Path cacheDir();

        /** Network timeout of every git fetch (JGit, whole seconds, at least 1 s). */
        @WithDefault("PT60S")
        Duration timeout();
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
