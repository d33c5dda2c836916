package dev.relay.bumper.health;

import dev.relay.bumper.core.BumpFailure;
import dev.relay.bumper.core.GitOpsRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the GitOps remote answers an ls-remote and has the branch (when a remote is configured). */
@Readiness
@ApplicationScoped
public class GitRemoteHealthCheck implements HealthCheck {

    private final GitOpsRepository repository;

    public GitRemoteHealthCheck(GitOpsRepository repository) {
        this.repository = repository;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("gitops-remote");
        try {
            var head = repository.remoteHead();
            response.withData("url", repository.url()).withData("branch", repository.branch());
            return head.map(h -> response.up().withData("head", h).build())
                    .orElseGet(() -> response.down().withData("error", "branch not found").build());
        } catch (BumpFailure e) {
            if (BumpFailure.NOT_CONFIGURED.equals(e.reason())) {
                // Nothing to reach: the service is up and answers every bump with gitops-not-configured.
                return response.up().withData("configured", false).build();
            }
            return response.down().withData("url", repository.url()).withData("branch", repository.branch())
                    .withData("error", e.reason() + ": " + e.getMessage()).build();
        }
    }
}
