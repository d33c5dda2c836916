package dev.relay.bumper;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Every channel on the in-memory connector; the GitOps repository is real. */
public class InMemoryProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "mp.messaging.incoming.modelinfo-migrated.connector", "smallrye-in-memory",
                "mp.messaging.outgoing.gitops-updated.connector", "smallrye-in-memory",
                "mp.messaging.outgoing.release-failed.connector", "smallrye-in-memory",
                "mp.messaging.outgoing.release-status.connector", "smallrye-in-memory",
                "mp.messaging.incoming.rollback-requests.connector", "smallrye-in-memory",
                "mp.messaging.incoming.rollout-requested.connector", "smallrye-in-memory",
                "mp.messaging.incoming.rollback-progress.connector", "smallrye-in-memory",
                "mp.messaging.outgoing.rollback-requested.connector", "smallrye-in-memory",
                "mp.messaging.outgoing.gitops-reverted.connector", "smallrye-in-memory");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GitOpsRepoResource.class));
    }
}
