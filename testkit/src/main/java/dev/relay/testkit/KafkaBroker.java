package dev.relay.testkit;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real Apache Kafka broker in this JVM: one combined broker+controller node in KRaft mode on
 * random loopback ports, from Kafka's own test kit. Ready in about 1.5 s.
 */
public final class KafkaBroker implements AutoCloseable {

    /**
     * Partitions of every topic, created or auto-created: several, as in production, so a test that assumed one
     * model's records and another's come in one order fails here rather than on a real cluster.
     */
    public static final int PARTITIONS = 3;


    static {
        // A broker in the test JVM must never end that JVM. Kafka halts its process on fatal
        // errors (e.g. "all log dirs have failed" while it is stopped from a shutdown hook), which
        // surefire reports as a failed fork even when every test passed.
        Exit.Procedure report = (code, message) -> System.err.println(
                "in-JVM Kafka broker asked to end the JVM with code " + code + " (ignored): " + message);
        Exit.setExitProcedure(report);
        Exit.setHaltProcedure(report);
    }

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static KafkaBroker start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    // One node: every internal topic must make do with a single replica.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", Integer.toString(PARTITIONS))
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates topics that do not exist yet, with {@link #PARTITIONS} partitions each. */
    public void createTopics(Collection<String> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> missing = topics.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> quarkusConfig() {
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers(),
                "quarkus.kafka.devservices.enabled", "false",
                // Readiness must notice a dead broker in seconds, not the default minute.
                "kafka.default.api.timeout.ms", "5000");
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the Kafka broker", e);
        }
    }
}
