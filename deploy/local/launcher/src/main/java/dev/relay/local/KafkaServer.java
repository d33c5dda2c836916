package dev.relay.local;

import dev.relay.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker as its own process: KRaft, one combined broker+controller node,
 * loopback only, every replication factor 1, data under the state folder (kept across runs).
 */
public final class KafkaServer implements AutoCloseable {

    private final ManagedProcess process;
    private final String bootstrapServers;

    private KafkaServer(ManagedProcess process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Partitions of every Relay topic, as deploy/kubernetes/base/kafka-topics.yaml declares them (DeploymentFilesTest
     * holds the two together). Every producer keys its records by model, so partitions only spread models over the
     * replicas of a consumer group; one model's releases stay in order on one partition. Six divides evenly among one,
     * two, three or six replicas.
     */
    public static final int PARTITIONS = 6;

    public static KafkaServer start(Path dir, int port, int controllerPort) {
        return start(dir, port, controllerPort, PARTITIONS);
    }

    /** The same with another partition count: a test makes the state folder of an older run with it. */
    static KafkaServer start(Path dir, int port, int controllerPort, int partitions) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("server.properties");
            Files.writeString(config, serverProperties(dir.resolve("data"), port, controllerPort));
            Path log4j = dir.resolve("log4j2.properties");
            Files.writeString(log4j, log4jProperties(dir.resolve("server.log")));
            Path clusterIdFile = dir.resolve("cluster.id");
            if (!Files.exists(clusterIdFile)) {
                Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
            }
            String clusterId = Files.readString(clusterIdFile).strip();

            List<String> java = List.of(Classpath.javaExecutable(), "-Xms256m", "-Xmx512m",
                    "-Dlog4j2.configurationFile=" + log4j, "-cp", Classpath.forChildJvm());
            format(java, config, clusterId, dir.resolve("format.log"));
            ManagedProcess process = ManagedProcess.start("kafka", concat(java, "kafka.Kafka", config.toString()), Map.of(),
                    dir.resolve("kafka.out"));
            String bootstrap = "127.0.0.1:" + port;
            process.awaitReady(() -> clusterAnswers(bootstrap), Duration.ofSeconds(60));
            createTopics(bootstrap, partitions);
            return new KafkaServer(process, bootstrap);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crashed broker node: nothing is flushed or handed over. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }

    private static void format(List<String> java, Path config, String clusterId, Path log) {
        // --ignore-formatted makes this a no-op on the second run, which keeps the topics and offsets.
        ManagedProcess format = ManagedProcess.start("kafka-storage-format",
                concat(java, "kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", clusterId, "-c", config.toString()),
                Map.of(), log);
        int exitCode = format.awaitExit(Duration.ofSeconds(90));
        if (exitCode != 0) {
            throw new IllegalStateException("formatting the Kafka storage failed (exit code " + exitCode + "):\n" + format.tail(20));
        }
    }

    /** The chain's topics and the dead-letter topics of those that are consumed, as deploy/kubernetes declares them. */
    static final List<String> TOPICS = List.of(Topics.RELEASE_TAGGED, Topics.IMAGE_BUILT, Topics.ENV_VERIFIED,
            Topics.MODELINFO_MIGRATED, Topics.GITOPS_UPDATED, Topics.RELEASE_FAILED, Topics.RELEASE_STATUS,
            Topics.dlq(Topics.RELEASE_TAGGED), Topics.dlq(Topics.IMAGE_BUILT), Topics.dlq(Topics.ENV_VERIFIED),
            Topics.dlq(Topics.MODELINFO_MIGRATED), Topics.dlq(Topics.GITOPS_UPDATED),
            Topics.ROLLBACK_REQUESTED, Topics.dlq(Topics.ROLLBACK_REQUESTED), Topics.GITOPS_REVERTED,
            Topics.dlq(Topics.GITOPS_REVERTED), Topics.MODELINFO_REVERTED, Topics.dlq(Topics.MODELINFO_REVERTED),
            Topics.RELEASE_ROLLEDBACK, Topics.REBUILD_REQUESTED, Topics.dlq(Topics.REBUILD_REQUESTED), Topics.ROLLOUT_REQUESTED,
            Topics.dlq(Topics.ROLLOUT_REQUESTED), Topics.dlq(Topics.RELEASE_FAILED));

    /**
     * Creates the topics before any service subscribes, as a real installation does (Strimzi topics in
     * deploy/kubernetes): every consumer is then assigned its partitions at start, not after the first
     * producer auto-created its topic. Topics that exist (a second run on the same state) are kept; those with
     * fewer partitions (a state folder from before topics had several) get more. Partitions are only ever added,
     * which moves some models to a new partition: harmless here, since no service runs yet to be in the middle of one.
     */
    private static void createTopics(String bootstrap, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            var existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            List<String> kept = TOPICS.stream().filter(existing::contains).toList();
            if (!kept.isEmpty()) {
                Map<String, NewPartitions> grow = new java.util.TreeMap<>();
                for (TopicDescription topic : admin.describeTopics(kept).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                    if (topic.partitions().size() < partitions) {
                        grow.put(topic.name(), NewPartitions.increaseTo(partitions));
                    }
                }
                if (!grow.isEmpty()) {
                    admin.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("creating the Kafka topics failed: " + e.getMessage(), e);
        }
    }

    private static boolean clusterAnswers(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    static String serverProperties(Path data, int port, int controllerPort) {
        return String.join("\n",
                "# Written by the Relay local run. One KRaft node that is broker and controller, on loopback only.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                // Topics are created explicitly (createTopics); this is for anything else a client auto-creates.
                "num.partitions=" + PARTITIONS,
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "min.insync.replicas=1",
                "default.replication.factor=1",
                "group.initial.rebalance.delay.ms=0",
                "") ;
    }

    private static String log4jProperties(Path file) {
        return String.join("\n",
                "status = warn",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + file,
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.file.ref = file",
                "logger.kafka.name = kafka",
                "logger.kafka.level = info",
                "logger.state.name = state.change.logger",
                "logger.state.level = warn",
                "");
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
