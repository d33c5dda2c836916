package dev.relay.env.messaging;

import dev.relay.testkit.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every channel on the in-memory connector, history in a MongoDB wire-protocol server. */
public class InMemoryProfile implements QuarkusTestProfile {

    public static class Channels implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> props = new HashMap<>();
            props.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("image-built", "gitops-updated",
                    "modelinfo-reverted", "campaign-failures"));
            props.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("env-verified", "release-failed", "release-status",
                    "release-rolledback", "rebuild-requested", "rollout-requested"));
            return props;
        }

        @Override
        public void stop() {
            InMemoryConnector.clear();
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Channels.class), new TestResourceEntry(MongoServerResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("relay.env.collection", "environments-inmemory", "relay.env.rollback-collection", "rollbacks-inmemory");
    }
}
