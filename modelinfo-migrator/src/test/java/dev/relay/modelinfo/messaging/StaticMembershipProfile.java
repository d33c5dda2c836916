package dev.relay.modelinfo.messaging;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service as the Kubernetes manifests and the local run start it: {@code relay.instance-id} set, so every
 * consumer joins with static membership. A short session timeout lets the static members this test leaves
 * behind (they do not leave their group on shutdown) expire before later test classes join the same groups.
 */
public class StaticMembershipProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("relay.instance-id", "modelinfo-migrator-static-test",
                "kafka.session.timeout.ms", "6000");
    }
}
