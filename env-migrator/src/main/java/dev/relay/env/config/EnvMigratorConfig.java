package dev.relay.env.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything env-migrator can be told, under {@code relay.env.*}. */
@ConfigMapping(prefix = "relay.env")
public interface EnvMigratorConfig {

    Probe probe();

    /**
     * How many models' images are verified at the same time, in one instance (one model's always in order). Each
     * probe is a container with the probe's memory and CPU limits, so this times those is what a node must spare.
     */
    @WithDefault("4")
    int concurrency();

    Docker docker();

    Git git();

    Registry registry();

    /** MongoDB database of the history. */
    @WithDefault("relay")
    String database();

    /** Collection of the environment history (one document per release). */
    @WithDefault("environments")
    String collection();

    /** Collection of the rollback stage's outcomes (one document per rollback id). */
    @WithDefault("rollbacks")
    String rollbackCollection();

    /** Collection of the platform-upgrade campaigns (one document per campaign, its rows inside). */
    @WithDefault("campaigns")
    String campaignCollection();

    /** Collection of the inventory's marks (replicate or retire, one document per marked model). */
    @WithDefault("marks")
    String markCollection();

    interface Probe {
        /** A probe still running after this is killed and reported as {@code probe-timeout}. */
        @WithDefault("120s")
        Duration timeout();

        @WithDefault("536870912")
        long memoryBytes();

        @WithDefault("1.0")
        double cpus();

        @WithDefault("256")
        long pids();

        @WithDefault("1048576")
        int outputLimitBytes();

        /** Characters of each verify command's output kept in the report. */
        @WithDefault("2000")
        int tailChars();
    }

    interface Docker {
        /** Engine address; default {@code DOCKER_HOST} or the local socket. */
        Optional<String> host();

        @WithDefault("1.41")
        String apiVersion();
    }

    /** Where images of image.built that this engine lacks are pulled from (by digest). */
    interface Registry {
        /** The registry (host[:port][/path]) the credentials below are for; they are sent to no other. */
        Optional<String> address();

        Optional<String> username();

        /** Only sent to the engine for a pull from {@link #address()}; never logged. */
        Optional<String> password();

        /** The longest one pull may take. */
        @WithDefault("10m")
        Duration pullTimeout();
    }

    interface Git {
        /** Where bare clones of model repositories are cached; default {@code <tmp>/relay-env-git}. */
        Optional<String> cacheDir();

        /** How long a clone or fetch of a model repository may wait on the server before it fails (whole seconds, at least 1). */
        @WithDefault("60s")
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
