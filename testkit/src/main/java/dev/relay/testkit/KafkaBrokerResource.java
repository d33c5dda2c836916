package dev.relay.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Kafka broker for a {@code @QuarkusTest}: {@code @QuarkusTestResource(KafkaBrokerResource.class)}.
 * The broker is started once per JVM and shared by every test class that names this resource, so
 * test classes pay the start-up once; each test uses its own topics or reads from its own offsets.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker broker;

    /** The shared broker, started on first use. */
    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            broker = KafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-stop"));
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    @Override
    public Map<String, String> start() {
        return broker().quarkusConfig();
    }

    @Override
    public void stop() {
        // Kept for the next test class; the shutdown hook stops it with the JVM.
    }
}
