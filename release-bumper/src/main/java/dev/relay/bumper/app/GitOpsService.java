package dev.relay.bumper.app;

import dev.relay.bumper.config.RelayConfig;
import dev.relay.bumper.core.BumpFailure;
import dev.relay.bumper.core.Bumper;
import dev.relay.bumper.core.CommitMessage;
import dev.relay.bumper.core.RetryPolicy;
import dev.relay.bumper.git.GitRemote;
import dev.relay.bumper.git.GitWorkspace;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;

/** Wires the configured GitOps repository into one {@link Bumper} with its cached clone. */
@ApplicationScoped
public class GitOpsService {

    public static final String NOT_CONFIGURED = "gitops-not-configured";

    private final Optional<GitWorkspace> workspace;
    private final Optional<Bumper> bumper;

    public GitOpsService(RelayConfig config) {
        RelayConfig gitops = config;
        this.workspace = gitops.repoUrl().filter(url -> !url.isBlank()).map(url -> {
            GitRemote remote = new GitRemote(url, gitops.branch(), gitops.username().orElse(null),
                    gitops.token().orElse(null), gitops.timeout());
            Path cache = Path.of(gitops.cacheDir().orElse(System.getProperty("java.io.tmpdir") + "/relay-gitops"));
            return new GitWorkspace(remote, cache.resolve(remote.cacheKey()));
        });
        this.bumper = workspace.map(ws -> new Bumper(ws, new CommitMessage(gitops.commitMessage()),
                new PersonIdent(gitops.author().name(), gitops.author().email()),
                new RetryPolicy(gitops.push().attempts(), gitops.push().backoff(), gitops.push().maxBackoff()),
                gitops.paths()));
    }

    public Bumper bumper() {
        return bumper.orElseThrow(() -> new BumpFailure(NOT_CONFIGURED, "relay.gitops.repo-url is not set"));
    }

    public Optional<GitWorkspace> workspace() {
        return workspace;
    }

    @PreDestroy
    void close() {
        workspace.ifPresent(GitWorkspace::close);
    }
}
