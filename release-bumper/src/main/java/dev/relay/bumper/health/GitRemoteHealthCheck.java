package dev.relay.bumper.health;

import dev.relay.bumper.app.GitOpsService;
import dev.relay.bumper.core.BumpFailure;
import dev.relay.bumper.git.GitWorkspace;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the GitOps remote answers an ls-remote and has the branch (when a remote is configured). */
@Readiness
@ApplicationScoped
public class GitRemoteHealthCheck implements HealthCheck {

    private final GitOpsService gitops;

    public GitRemoteHealthCheck(GitOpsService gitops) {
        this.gitops = gitops;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("gitops-remote");
        if (gitops.workspace().isEmpty()) {
            return response.up().withData("configured", false).build();
        }
        GitWorkspace workspace = gitops.workspace().get();
        response.withData("url", workspace.remote().safeUrl()).withData("branch", workspace.remote().branch());
        try {
            return workspace.lsRemoteHead()
                    .map(head -> response.up().withData("head", head).build())
                    .orElseGet(() -> response.down().withData("error", "branch not found").build());
        } catch (BumpFailure e) {
            return response.down().withData("error", e.reason() + ": " + e.getMessage()).build();
        }
    }
}
