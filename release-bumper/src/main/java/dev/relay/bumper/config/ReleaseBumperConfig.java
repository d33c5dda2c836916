package dev.relay.bumper.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * release-bumper's configuration, {@code relay.gitops.*}; every key can be set by environment variable
 * (RELAY_GITOPS_REPO_URL, RELAY_GITOPS_TOKEN, ...). The prefix is narrow on purpose: other
 * {@code relay.*} keys (e.g. the build's relay.project.root) are not ours to validate.
 */
@ConfigMapping(prefix = "relay.gitops")
public interface ReleaseBumperConfig {

    /**
     * How many models' bumps are handled at the same time, in one instance (one model's always in order). Edits of
     * one GitOps repository still commit and push one at a time; the rest (status, outcome) runs alongside.
     */
    @WithDefault("2")
    int concurrency();

    /** The GitOps repository (https://, file:// or a path). Without it the service cannot bump. */
    Optional<String> repoUrl();

    @WithDefault("main")
    String branch();

    /** HTTPS user; {@code git} when only a token is set. */
    Optional<String> username();

    /** HTTPS token or password. Never logged, never in events or error messages. */
    Optional<String> token();

    /** Subject of bump commits; placeholders {model}, {version}, {image}, {releaseId}. */
    @WithDefault("Bump {model} to {version}")
    String commitMessage();

    Author author();

    /** Where the cached clone lives; default {@code <java.io.tmpdir>/relay-gitops}. */
    Optional<String> cacheDir();

    /** Network timeout of each git operation. */
    @WithDefault("30s")
    Duration timeout();

    Push push();

    /** Optional path globs per model, e.g. {@code relay.gitops.paths.hello-model=apps/hello/**}. */
    Map<String, List<String>> paths();

    interface Author {
        @WithDefault("Relay")
        String name();

        @WithDefault("relay@relay.invalid")
        String email();
    }

    interface Push {
        /** Attempts of fetch, re-apply, push when the remote rejects the push because it moved on. */
        @WithDefault("6")
        int attempts();

        @WithDefault("200ms")
        Duration backoff();

        @WithDefault("5s")
        Duration maxBackoff();
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
