package dev.relay.modelinfo.messaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.HashMap;
import java.util.Map;

/** Switches the service's channels to the in-memory connector (the Quarkus Kafka guide's testing approach). */
public class InMemoryChannels implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("env-verified", "gitops-reverted"));
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("modelinfo-migrated", "modelinfo-reverted", "release-failed",
                "release-status"));
        return config;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
