package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import dev.relay.events.Release;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.Topics;
import dev.relay.testkit.KafkaTestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker and the Mongo server of the local run, as real processes, keep their data across restarts. */
class LocalInfrastructureTest {

    @TempDir
    Path state;

    @Test
    void theKafkaProcessServesAndKeepsItsTopicsAcrossARestart() throws IOException {
        int port = freePort();
        int controllerPort = freePort();
        ReleaseTagged event = new ReleaseTagged(Release.of("m", "v1", "file:///m.git", "b".repeat(40), "ada", Instant.now()));
        long pid;
        try (KafkaServer kafka = KafkaServer.start(state.resolve("kafka"), port, controllerPort);
             KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            pid = kafka.pid();
            client.send(event, "/relay/test");
        }
        assertThat(ProcessHandle.of(pid)).as("the broker process is gone after close").isEmpty();

        try (KafkaServer kafka = KafkaServer.start(state.resolve("kafka"), port, controllerPort);
             KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            assertThat(client.readEvents(ReleaseTagged.class, Topics.RELEASE_TAGGED, e -> true, 1, Duration.ofSeconds(30)))
                    .containsExactly(event);
        }
    }

    @Test
    void everyTopicGetsSeveralPartitionsAndAnOlderStateFolderGetsMore() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        // A state folder from before topics had several partitions.
        try (KafkaServer kafka = KafkaServer.start(state.resolve("kafka"), port, controllerPort, 1)) {
            assertThat(partitions(kafka.bootstrapServers())).containsOnlyKeys(KafkaServer.TOPICS).allSatisfy((t, n) -> assertThat(n).isEqualTo(1));
        }
        try (KafkaServer kafka = KafkaServer.start(state.resolve("kafka"), port, controllerPort)) {
            assertThat(partitions(kafka.bootstrapServers())).as("partitions per topic").containsOnlyKeys(KafkaServer.TOPICS)
                    .allSatisfy((t, n) -> assertThat(n).as(t).isEqualTo(KafkaServer.PARTITIONS));
        }
    }

    private static java.util.Map<String, Integer> partitions(String bootstrap) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
            admin.describeTopics(KafkaServer.TOPICS).allTopicNames().get(10, TimeUnit.SECONDS)
                    .forEach((name, d) -> counts.put(name, d.partitions().size()));
            return counts;
        }
    }

    @Test
    void theMongoProcessPersistsToItsFile() throws IOException {
        int port = freePort();
        try (MongoServerProcess mongo = MongoServerProcess.start(state.resolve("mongo"), port);
             var client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("relay").getCollection("modelinfo").insertOne(new Document("model", "m").append("foo", "x"));
        }
        try (MongoServerProcess mongo = MongoServerProcess.start(state.resolve("mongo"), port);
             var client = MongoClients.create(mongo.connectionString())) {
            assertThat(client.getDatabase("relay").getCollection("modelinfo").find().first()).containsEntry("foo", "x");
        }
    }

    /** A chain on free loopback ports (broker, controller, Mongo, each service), one instance each, no registry. */
    static LocalChainConfig onFreePorts(java.nio.file.Path state) throws IOException {
        java.util.Map<Service, Integer> ports = new java.util.EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, freePort());
        }
        return new LocalChainConfig(ProjectRoot.find(), state, freePort(), freePort(), freePort(), ports);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
