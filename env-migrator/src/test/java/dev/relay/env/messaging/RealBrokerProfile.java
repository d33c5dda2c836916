package dev.relay.env.messaging;

import dev.relay.testkit.KafkaBrokerResource;
import dev.relay.testkit.MongoServerResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** A real Kafka broker, a MongoDB wire-protocol server, the real Docker engine and real git. */
public class RealBrokerProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KafkaBrokerResource.class), new TestResourceEntry(MongoServerResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("relay.env.probe.timeout", "90s",
                "relay.env.git.cache-dir", System.getProperty("java.io.tmpdir") + "/relay-env-git-test-" + ProcessHandle.current().pid());
    }
}
