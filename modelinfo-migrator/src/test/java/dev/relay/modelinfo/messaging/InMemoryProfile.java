package dev.relay.modelinfo.messaging;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

public class InMemoryProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(InMemoryChannels.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("relay.modelinfo.lock.max-wait", "PT5S");
    }
}
