package dev.relay.bumper;

import dev.relay.testkit.KafkaBrokerResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** A real in-JVM Kafka broker and a real GitOps repository behind smart HTTP. */
public class RealBrokerProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KafkaBrokerResource.class), new TestResourceEntry(GitOpsRepoResource.class));
    }
}
