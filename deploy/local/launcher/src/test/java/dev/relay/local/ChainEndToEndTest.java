package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.testkit.Infra;
import dev.relay.events.Topics;
import dev.relay.events.deadletter.DeadLetterWriter;
import dev.relay.testkit.KafkaTestClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on real parts: the four packaged services as their own processes, a Kafka
 * broker process, the MongoDB wire-protocol server process, the Docker engine, git repositories
 * with the real hook. Two releases go all the way to the GitOps repository; a third, whose image
 * does not contain what it pins, stops at env-migrator and changes nothing downstream.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainEndToEndTest {

    private static final List<String> STAGES = List.of("image-builder", "env-migrator", "modelinfo-migrator", "release-bumper");

    private static final String GITOPS_TOKEN = "relay-secret-gitops-" + java.util.UUID.randomUUID();
    private static final String REGISTRY_PASSWORD = "relay-secret-registry-" + java.util.UUID.randomUUID();

    @TempDir
    static Path state;
    private static LocalChainConfig config;
    private static LocalChain chain;
    private static ReleaseWatcher watcher;
    private static SampleModel model;
    private static SampleGitOps gitops;
    private static final List<String> timings = new ArrayList<>();
    private static final PrintStream out = System.out;

    @BeforeAll
    static void startTheChain() throws IOException {
        Infra.requireDocker();
        Infra.requireCommand("kcat");
        Infra.requireCommand("git");
        config = LocalInfrastructureTest.onFreePorts(state)
                // Credentials as an installation would configure them; the last test looks for them everywhere.
                .withEnvironment(Service.RELEASE_BUMPER, "RELAY_GITOPS_TOKEN", GITOPS_TOKEN)
                .withEnvironment(Service.IMAGE_BUILDER, "RELAY_BUILDER_REGISTRY_USERNAME", "relay-ci")
                .withEnvironment(Service.IMAGE_BUILDER, "RELAY_BUILDER_REGISTRY_PASSWORD", REGISTRY_PASSWORD);
        GitCli git = new GitCli(state.resolve("home"));
        // release-bumper is ready only once its GitOps repository answers.
        gitops = SampleGitOps.open(config.repos(), git);
        chain = LocalChain.start(config, out);
        watcher = new ReleaseWatcher(chain.bootstrapServers(), out);
        LocalRun.seedModelInfo(chain.mongoConnectionString(), out);
        model = SampleModel.open(config.projectRoot(), config.repos(), config.wheelhouse(), chain.bootstrapServers(), git);
    }

    @AfterAll
    static void stopTheChain() {
        if (watcher != null) {
            watcher.close();
        }
        if (chain != null) {
            chain.close();
        }
        // The model images this test built; the base image stays.
        for (int patch = 1; patch <= 12; patch++) {
            dev.relay.testkit.Processes.run(state, Duration.ofMinutes(1), "docker", "rmi", "-f", SampleModel.NAME + ":v0.0." + patch);
        }
        out.println("end-to-end timings:\n  " + String.join("\n  ", timings));
    }

    @Test
    @Order(1)
    void twoReleasesGoAllTheWayToTheGitOpsRepository() throws Exception {
        long commitsBefore = gitops.commitCount();

        ReleaseWatcher.Track first = release(1, false);
        ReleaseWatcher.Track second = release(2, false);

        for (ReleaseWatcher.Track track : List.of(first, second)) {
            assertThat(track.first(ReleaseFailed.class)).as(track.releaseId() + " failed").isEmpty();
            assertThat(track.succeeded()).isTrue();
            for (String stage : STAGES) {
                assertThat(track.status(stage, ReleaseStatus.State.started)).as(stage + " started " + track.releaseId()).isPresent();
                assertThat(track.status(stage, ReleaseStatus.State.succeeded)).as(stage + " succeeded " + track.releaseId()).isPresent();
            }
        }
        assertThat(gitops.commitCount()).as("one bump commit per release").isEqualTo(commitsBefore + 2);
        assertThat(gitops.fileAt("main")).contains("image: \"hello-model:v0.0.2\"   # moved by Relay on every release")
                .isEqualTo(SampleGitOps.DEPLOYMENT.replace("hello-model:v0.0.0", "hello-model:v0.0.2"));
        assertThat(gitops.fileAt("main~1")).contains("hello-model:v0.0.1");
        GitOpsUpdated bumped = second.first(GitOpsUpdated.class).orElseThrow();
        assertThat(bumped.gitops().commit()).isEqualTo(gitops.head());
        assertThat(bumped.gitops().files()).containsExactly(SampleGitOps.FILE);

        try (var client = MongoClients.create(chain.mongoConnectionString())) {
            var modelinfo = client.getDatabase("relay").getCollection("modelinfo");
            for (Document doc : modelinfo.find(Filters.eq("model", SampleModel.NAME))) {
                assertThat(doc.getString("baz")).isEqualTo(doc.getString("foo") + doc.getInteger("bar"));
            }
            assertThat(modelinfo.find(Filters.eq("model", "other-model")).first()).doesNotContainKey("baz");
        }
        assertThat(first.first(ModelInfoMigrated.class).orElseThrow().migrations().applied()).containsExactly(SampleModel.MIGRATION_ID);
        assertThat(second.first(ModelInfoMigrated.class).orElseThrow().migrations().alreadyApplied()).containsExactly(SampleModel.MIGRATION_ID);

        String current = get(Service.ENV_MIGRATOR, "/environments/hello-model/current");
        assertThat(current).contains("\"releaseId\":\"hello-model@v0.0.2\"");
    }

    @Test
    @Order(2)
    void aReleaseWhoseImageDoesNotMatchItsPinsStopsAtEnvMigrator() throws Exception {
        long commitsBefore = gitops.commitCount();

        ReleaseWatcher.Track third = release(3, true);

        ReleaseFailed failed = third.first(ReleaseFailed.class).orElseThrow();
        assertThat(failed.stage()).isEqualTo("env-migrator");
        assertThat(failed.reason()).isEqualTo("env-mismatch");
        assertThat(failed.message() + "\n" + failed.detail()).contains("hello-utils").contains("1.3.0").contains("0.9.0");
        // Give downstream stages time to (wrongly) act before checking that they did not.
        Thread.sleep(5000);
        assertThat(third.first(dev.relay.events.EnvVerified.class)).isEmpty();
        assertThat(third.status("modelinfo-migrator", ReleaseStatus.State.started)).isEmpty();
        assertThat(third.first(ModelInfoMigrated.class)).isEmpty();
        assertThat(third.first(GitOpsUpdated.class)).isEmpty();
        assertThat(gitops.commitCount()).isEqualTo(commitsBefore);
        try (var client = MongoClients.create(chain.mongoConnectionString())) {
            assertThat(client.getDatabase("relay").getCollection("modelinfo_changelog")
                    .countDocuments(Filters.eq("releaseId", "hello-model@v0.0.3"))).isZero();
        }
        assertThat(get(Service.ENV_MIGRATOR, "/environments/hello-model/current")).contains("\"releaseId\":\"hello-model@v0.0.2\"");
    }

    /**
     * Every service killed with SIGKILL and started again with the same command: the next release goes
     * through all four at once. Static group membership (the same RELAY_INSTANCE_ID after the restart)
     * hands each restarted consumer its partition back without waiting for the dead member's session
     * to time out (45 s). Prints the figures; asserts no timing.
     */
    @Test
    @Order(3)
    void servicesKilledAndRestartedTakeTheNextReleaseAtOnce() throws Exception {
        long commitsBefore = gitops.commitCount();
        List<String> recovery = new ArrayList<>();
        for (Service service : Service.values()) {
            recovery.add(String.format("%s ready %,d ms after kill -9", service.id(), chain.killAndRestart(service)));
        }

        ReleaseWatcher.Track fourth = release(4, false);

        assertThat(fourth.first(ReleaseFailed.class)).as("release 4 failed").isEmpty();
        assertThat(fourth.succeeded()).isTrue();
        for (String stage : STAGES) {
            assertThat(fourth.status(stage, ReleaseStatus.State.started)).as(stage + " started release 4").isPresent();
        }
        assertThat(gitops.commitCount()).as("one bump commit").isEqualTo(commitsBefore + 1);
        assertThat(gitops.fileAt("main")).contains("hello-model:v0.0.4");
        // The cutover is env-migrator's second consumer, on gitops.updated: it follows the GitOps commit.
        long cutoverMillis = awaitCurrent("hello-model@v0.0.4", Duration.ofSeconds(60));
        timings.add("crash recovery: " + String.join(", ", recovery) + "; then " + fourth.releaseId() + " "
                + fourth.timing().totalMillis() + " ms from tag push to GitOps commit, current environment "
                + cutoverMillis + " ms after the commit");
    }

    /**
     * A record too large for its dead-letter topic, on every consumed topic of the running chain (each topic
     * configured to accept 3 MiB, the dead-letter topics left at the broker's 1 MiB): four go to their DLQ
     * truncated, with the original size; the fifth, whose DLQ is made to refuse even that, is logged, counted
     * and skipped. No consumer stops: the next release goes all the way and becomes current.
     */
    @Test
    @Order(4)
    void recordsTheDeadLetterTopicCannotTakeStopNoConsumer() throws Exception {
        Map<String, Service> consumers = new LinkedHashMap<>();
        consumers.put(Topics.RELEASE_TAGGED, Service.IMAGE_BUILDER);
        consumers.put(Topics.IMAGE_BUILT, Service.ENV_MIGRATOR);
        consumers.put(Topics.ENV_VERIFIED, Service.MODELINFO_MIGRATOR);
        consumers.put(Topics.MODELINFO_MIGRATED, Service.RELEASE_BUMPER);
        consumers.put(Topics.GITOPS_UPDATED, Service.ENV_MIGRATOR);
        String refusing = Topics.dlq(Topics.GITOPS_UPDATED);
        byte[] huge = "x".repeat(2 * 1024 * 1024).getBytes(StandardCharsets.UTF_8);
        byte[] key = "huge-model".getBytes(StandardCharsets.UTF_8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, chain.bootstrapServers()))) {
            Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new HashMap<>();
            for (String topic : consumers.keySet()) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                        List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", Integer.toString(3 * 1024 * 1024)), AlterConfigOp.OpType.SET)));
            }
            changes.put(new ConfigResource(ConfigResource.Type.TOPIC, refusing),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "512"), AlterConfigOp.OpType.SET)));
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, chain.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024)),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : consumers.keySet()) {
                producer.send(new ProducerRecord<>(topic, key, huge)).get(30, TimeUnit.SECONDS);
            }
        }

        try (KafkaTestClient kafka = new KafkaTestClient(chain.bootstrapServers())) {
            for (String topic : consumers.keySet()) {
                if (Topics.dlq(topic).equals(refusing)) {
                    continue;
                }
                ConsumerRecord<String, String> dead = kafka.read(Topics.dlq(topic), r -> "huge-model".equals(r.key()), 1,
                        Duration.ofSeconds(60)).get(0);
                Map<String, String> headers = KafkaTestClient.headers(dead);
                assertThat(headers.get(DeadLetterWriter.TRUNCATED)).as(topic).isEqualTo("true");
                assertThat(headers.get(DeadLetterWriter.ORIGINAL_SIZE)).as(topic).isEqualTo(Integer.toString(key.length + huge.length));
                assertThat(headers.get(DeadLetterWriter.TOPIC)).isEqualTo(topic);
                assertThat(headers.get(DeadLetterWriter.REASON)).as(topic).contains("ce_type");
                assertThat(dead.value()).hasSize(DeadLetterWriter.DEFAULT_PREVIEW_BYTES).isEqualTo("x".repeat(DeadLetterWriter.DEFAULT_PREVIEW_BYTES));
            }
        }
        for (var entry : consumers.entrySet()) {
            String outcome = Topics.dlq(entry.getKey()).equals(refusing) ? "skipped" : "truncated";
            String line = "relay_dead_letters_total{outcome=\"" + outcome + "\",topic=\"" + entry.getKey() + "\"} 1.0";
            awaitMetric(entry.getValue(), line, Duration.ofSeconds(60));
        }

        ReleaseWatcher.Track fifth = release(5, false);

        assertThat(fifth.first(ReleaseFailed.class)).as("release 5 failed").isEmpty();
        assertThat(fifth.succeeded()).isTrue();
        assertThat(gitops.fileAt("main")).contains("hello-model:v0.0.5");
        awaitCurrent("hello-model@v0.0.5", Duration.ofSeconds(60));
        timings.add("after 2 MiB records on all five consumed topics (4 truncated into their DLQ, 1 skipped): "
                + fifth.releaseId() + " " + fifth.timing().totalMillis() + " ms from tag push to GitOps commit");
    }

    /**
     * For each stage in turn, a release is pushed and its service killed with SIGKILL as soon as that stage
     * reports it started, then started again. The release must land in GitOps exactly once (one commit),
     * its migration must stay applied exactly once (the changelog entry of its first application, unchanged),
     * and its environment must become current. Prints, per service, whether the kill came before the stage
     * published its outcome (a stage can finish within the few milliseconds the watcher needs to see it start).
     */
    @Test
    @Order(5)
    void aServiceKilledWhileItWorksOnAReleaseLosesNothingAndDoesNothingTwice() throws Exception {
        Document changelogBefore = changelogEntry();
        List<String> report = new ArrayList<>();
        int patch = 6;
        for (Service service : Service.values()) {
            long commitsBefore = gitops.commitCount();
            String stage = service.id();
            ReleaseWatcher.Track track = watcher.follow(SampleModel.NAME + "@v0.0." + patch);
            track.pushedNow();
            model.release(patch, false);
            awaitStatus(track, stage, ReleaseStatus.State.started, Duration.ofMinutes(3));
            boolean finishedBeforeKill = track.status(stage, ReleaseStatus.State.succeeded).isPresent();
            long restartMillis = chain.killAndRestart(service);

            assertThat(track.awaitEnd(Duration.ofMinutes(5))).as(track.releaseId() + " finished; events: " + track.events()).isTrue();
            assertThat(track.first(ReleaseFailed.class)).as(track.releaseId() + " failed").isEmpty();
            assertThat(gitops.commitCount()).as("one bump commit for " + track.releaseId()).isEqualTo(commitsBefore + 1);
            assertThat(gitops.fileAt("main")).contains("hello-model:v0.0." + patch);
            long currentMillis = awaitCurrent(track.releaseId(), Duration.ofSeconds(90));
            report.add(String.format("%s killed %s its outcome, ready again %,d ms later; %s %,d ms from push to GitOps commit, current %,d ms after",
                    stage, finishedBeforeKill ? "after" : "before", restartMillis, track.releaseId(), track.timing().totalMillis(), currentMillis));
            patch++;
        }
        assertThat(changelogEntry()).as("the migration's changelog entry: applied once, by v0.0.1").isEqualTo(changelogBefore);
        assertModelInfoMigrated();
        timings.add("kill -9 mid-stage:\n    " + String.join("\n    ", report));
    }

    /** The broker killed with SIGKILL while a release is in image-builder, away for 5 s, then back. */
    @Test
    @Order(6)
    void aBrokerKilledMidChainLosesNoReleaseAndDuplicatesNothing() throws Exception {
        Document changelogBefore = changelogEntry();
        long commitsBefore = gitops.commitCount();
        ReleaseWatcher.Track track = watcher.follow(SampleModel.NAME + "@v0.0.10");
        track.pushedNow();
        model.release(10, false);
        awaitStatus(track, "image-builder", ReleaseStatus.State.started, Duration.ofMinutes(3));
        long brokerMillis = chain.killAndRestartKafka(Duration.ofSeconds(5));

        assertThat(track.awaitEnd(Duration.ofMinutes(6))).as(track.releaseId() + " finished; events: " + track.events()).isTrue();
        assertThat(track.first(ReleaseFailed.class)).as(track.releaseId() + " failed").isEmpty();
        assertThat(gitops.commitCount()).as("one bump commit").isEqualTo(commitsBefore + 1);
        assertThat(gitops.fileAt("main")).contains("hello-model:v0.0.10");
        long currentMillis = awaitCurrent(track.releaseId(), Duration.ofSeconds(120));
        assertThat(changelogEntry()).isEqualTo(changelogBefore);
        assertModelInfoMigrated();
        timings.add(String.format("broker kill -9 mid-build, back after %,d ms: %s %,d ms from push to GitOps commit, current %,d ms after",
                brokerMillis, track.releaseId(), track.timing().totalMillis(), currentMillis));
    }

    /**
     * Last: after every release, failure, crash and bad record above, neither configured credential is in
     * any service's log or in any record of any topic, dead-letter topics included (values, keys, headers).
     */
    @Test
    @Order(8)
    void noSecretIsInAnyLogOrOnAnyTopic() throws Exception {
        List<String> secrets = List.of(GITOPS_TOKEN, REGISTRY_PASSWORD);
        int logs = 0;
        try (var files = java.nio.file.Files.list(state.resolve("logs"))) {
            for (Path log : files.toList()) {
                String text = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
                for (String secret : secrets) {
                    assertThat(text).as(log.getFileName().toString()).doesNotContain(secret);
                }
                logs++;
            }
        }
        assertThat(logs).as("service logs read").isGreaterThanOrEqualTo(Service.values().length);
        long records = 0;
        int topics = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, chain.bootstrapServers()));
             org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                     Map.of(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, chain.bootstrapServers(),
                             org.apache.kafka.clients.consumer.ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024)),
                     new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                     new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            for (var description : admin.describeTopics(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                description.partitions().forEach(p -> partitions.add(new org.apache.kafka.common.TopicPartition(description.name(), p.partition())));
                topics++;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read every topic to its end").isLessThan(deadline);
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder all = new StringBuilder();
                    all.append(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8));
                    all.append(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
                    record.headers().forEach(h -> all.append(h.key()).append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)));
                    for (String secret : secrets) {
                        assertThat(all.toString()).as(record.topic() + "-" + record.partition() + "@" + record.offset()).doesNotContain(secret);
                    }
                    records++;
                }
            }
        }
        assertThat(records).as("records read").isGreaterThan(100);
        timings.add("secrets: neither credential in " + logs + " logs or " + records + " records on " + topics + " topics");
    }

    /**
     * A release with a new migration, rolled back to the one before through every stage in reverse: first as a
     * dry run (nothing changes, the plan is reported), then for real (the GitOps file bytes, the ModelInfo
     * documents and the current environment are those after the target; the changelog shows the migration
     * reverted). The same request again resumes and changes nothing; a new one to the current release is a 400; a
     * rollback across a migration without a down changes nothing and says why.
     */
    @Test
    @Order(7)
    void aReleaseRolledBackThroughEveryStageLeavesWhatTheTargetHad() throws Exception {
        String target = "v0.0.10";
        awaitCurrent(SampleModel.NAME + "@" + target, Duration.ofSeconds(60));
        String fileBefore = gitops.fileAt("main");
        List<Document> docsBefore = modelInfo();
        model.addMigration(MIGRATION_B, "qux for every document",
                "[{\"updateMany\": {\"filter\": {\"qux\": {\"$exists\": false}}, \"update\": {\"$set\": {\"qux\": 1}}}}]",
                "[{\"updateMany\": {\"filter\": {\"qux\": {\"$exists\": true}}, \"update\": {\"$unset\": {\"qux\": \"\"}}}}]");
        ReleaseWatcher.Track eleventh = release(11, false);
        assertThat(eleventh.succeeded()).isTrue();
        assertThat(eleventh.first(ModelInfoMigrated.class).orElseThrow().migrations().applied()).containsExactly(MIGRATION_B);
        assertThat(modelInfo()).allMatch(d -> d.getInteger("qux") == 1);
        String fileAfter11 = gitops.fileAt("main");
        long commits = gitops.commitCount();

        ReleaseWatcher.Track dry = rollback(target, "dry", true);
        assertThat(dry.succeeded()).as("dry run: " + dry.events()).isTrue();
        dev.relay.events.GitOpsReverted planGitOps = dry.first(dev.relay.events.GitOpsReverted.class).orElseThrow();
        assertThat(planGitOps.gitops().files()).containsExactly(SampleGitOps.FILE);
        assertThat(planGitOps.gitops().to()).contains("hello-model:" + target);
        assertThat(planGitOps.rollback().releases()).extracting("releaseId").containsExactly(SampleModel.NAME + "@v0.0.11");
        assertThat(dry.first(dev.relay.events.ModelInfoReverted.class).orElseThrow().reverted())
                .singleElement().satisfies(m -> {
                    assertThat(m.migrationId()).isEqualTo(MIGRATION_B);
                    assertThat(m.matched()).isEqualTo(docsBefore.size());
                    assertThat(m.modified()).isZero();
                });
        dev.relay.events.ReleaseRolledBack.EnvironmentChange change = dry.first(dev.relay.events.ReleaseRolledBack.class)
                .orElseThrow().environment();
        assertThat(change.from()).isEqualTo(SampleModel.NAME + "@v0.0.11");
        assertThat(change.to()).isEqualTo(SampleModel.NAME + "@" + target);
        assertThat(gitops.fileAt("main")).as("a dry run changes nothing").isEqualTo(fileAfter11);
        assertThat(gitops.commitCount()).isEqualTo(commits);
        assertThat(modelInfo()).allMatch(d -> d.getInteger("qux") == 1);
        assertThat(get(Service.ENV_MIGRATOR, "/environments/hello-model/current")).contains("\"releaseId\":\"hello-model@v0.0.11\"");

        ReleaseWatcher.Track real = rollback(target, "real", false);
        assertThat(real.succeeded()).as("rollback: " + real.events()).isTrue();
        assertThat(gitops.fileAt("main")).as("the GitOps file, byte for byte as after " + target).isEqualTo(fileBefore);
        assertThat(gitops.commitCount()).isEqualTo(commits + 1);
        assertThat(modelInfo()).as("the ModelInfo documents as after " + target).isEqualTo(docsBefore);
        try (var client = MongoClients.create(chain.mongoConnectionString())) {
            Document b = client.getDatabase("relay").getCollection("modelinfo_changelog")
                    .find(Filters.eq("_id", SampleModel.NAME + "/" + MIGRATION_B)).first();
            assertThat(b).isNotNull();
            assertThat(b.getString("state")).isEqualTo("rolled-back");
        }
        long currentMillis = awaitCurrent(SampleModel.NAME + "@" + target, Duration.ofSeconds(60));
        String rollbackTiming = real.rollbackTiming();

        // The same request again: it resumes, every step replays what it did, nothing changes.
        LocalRun.RollbackAnswer again = LocalRun.requestRollback(chain.baseUrl(Service.RELEASE_BUMPER),
                "{\"model\":\"hello-model\",\"to\":\"" + target + "\",\"reason\":\"test\",\"rollbackId\":\"real\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        assertThat(again.body()).contains("\"state\":\"resumed\"");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (real.events().stream().filter(e -> e instanceof dev.relay.events.ReleaseRolledBack).count() < 2) {
            assertThat(System.nanoTime()).as("the resumed rollback reached env-migrator again: " + real.events()).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(real.events().stream().filter(e -> e instanceof ReleaseFailed)).isEmpty();
        assertThat(gitops.fileAt("main")).isEqualTo(fileBefore);
        assertThat(gitops.commitCount()).isEqualTo(commits + 1);
        assertThat(modelInfo()).isEqualTo(docsBefore);
        assertThat(get(Service.ENV_MIGRATOR, "/environments/hello-model/current")).contains("\"releaseId\":\"hello-model@" + target + "\"");
        LocalRun.RollbackAnswer current = LocalRun.requestRollback(chain.baseUrl(Service.RELEASE_BUMPER),
                "{\"model\":\"hello-model\",\"to\":\"" + target + "\"}");
        assertThat(current.status()).as(current.body()).isEqualTo(400);
        assertThat(current.body()).contains("is the current release");

        model.addMigration(MIGRATION_C, "a field no down can take back", 
                "[{\"updateMany\": {\"filter\": {\"kept\": {\"$exists\": false}}, \"update\": {\"$set\": {\"kept\": true}}}}]", null);
        ReleaseWatcher.Track twelfth = release(12, false);
        assertThat(twelfth.succeeded()).isTrue();
        String fileAfter12 = gitops.fileAt("main");
        long commitsAfter12 = gitops.commitCount();
        List<Document> docsAfter12 = modelInfo();
        ReleaseWatcher.Track refused = rollback(target, "irreversible", false);
        ReleaseFailed why = refused.first(ReleaseFailed.class).orElseThrow();
        assertThat(why.stage()).isEqualTo("release-bumper");
        assertThat(why.reason()).isEqualTo("irreversible-migration");
        assertThat(why.message()).contains(MIGRATION_C);
        assertThat(gitops.fileAt("main")).isEqualTo(fileAfter12);
        assertThat(gitops.commitCount()).isEqualTo(commitsAfter12);
        assertThat(modelInfo()).isEqualTo(docsAfter12);
        assertThat(get(Service.ENV_MIGRATOR, "/environments/hello-model/current")).contains("\"releaseId\":\"hello-model@v0.0.12\"");
        timings.add("rollback " + real.releaseId() + ": " + rollbackTiming + "; current environment " + currentMillis
                + " ms after release.rolledback was awaited; dry run " + dry.rollbackTiming());
    }

    private static final String MIGRATION_B = "1700000000001_add-qux";
    private static final String MIGRATION_C = "1700000000002_keep-forever";

    private static ReleaseWatcher.Track rollback(String to, String suffix, boolean dryRun) {
        ReleaseWatcher.Track track = watcher.follow(dev.relay.events.Rollback.idOf(SampleModel.NAME, to, suffix));
        track.pushedNow();
        LocalRun.RollbackAnswer answer = LocalRun.requestRollback(chain.baseUrl(Service.RELEASE_BUMPER),
                "{\"model\":\"hello-model\",\"to\":\"" + to + "\",\"reason\":\"test\",\"dryRun\":" + dryRun
                        + ",\"rollbackId\":\"" + suffix + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(track.awaitEnd(Duration.ofMinutes(3))).as(track.releaseId() + " finished; events: " + track.events()).isTrue();
        return track;
    }

    /** The model's ModelInfo documents, by name, without their ids. */
    private static List<Document> modelInfo() {
        try (var client = MongoClients.create(chain.mongoConnectionString())) {
            List<Document> docs = new ArrayList<>();
            client.getDatabase("relay").getCollection("modelinfo").find(Filters.eq("model", SampleModel.NAME))
                    .sort(com.mongodb.client.model.Sorts.ascending("name")).forEach(d -> {
                        d.remove("_id");
                        docs.add(d);
                    });
            return docs;
        }
    }

    /**
     * Every metric the Grafana dashboard (deploy/grafana) queries is exposed by a running service, under that name,
     * after the releases, failures, dead letters and rollbacks above.
     */
    @Test
    @Order(9)
    void theGrafanaDashboardQueriesOnlyMetricsTheServicesExpose() throws Exception {
        String dashboard = java.nio.file.Files.readString(config.projectRoot().resolve("deploy/grafana/dashboards/relay.json"));
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(relay_[a-z_]+)\\b").matcher(dashboard);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).contains("relay_stage_runs_total", "relay_stage_duration_seconds_bucket", "relay_dead_letters_total");
        // Counters live as long as their process, and the fault tests restarted every service: one bad record
        // brings the dead-letter counter back.
        try (KafkaTestClient kafka = new KafkaTestClient(chain.bootstrapServers())) {
            kafka.send(Topics.RELEASE_TAGGED, "metrics-model", "not json", Map.of());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (get(Service.IMAGE_BUILDER, "/q/metrics").lines().noneMatch(l -> l.startsWith("relay_dead_letters_total{"))) {
            assertThat(System.nanoTime()).as("image-builder counted the dead letter").isLessThan(deadline);
            Thread.sleep(200);
        }
        StringBuilder exposed = new StringBuilder();
        for (Service service : Service.values()) {
            exposed.append(get(service, "/q/metrics")).append('\n');
        }
        List<String> lines = exposed.toString().lines().filter(l -> !l.startsWith("#")).toList();
        for (String name : names) {
            assertThat(lines).as("a service exposes " + name).anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
        }
        timings.add("dashboard: " + names.size() + " metric names, all exposed: " + names);
    }

    private static void awaitStatus(ReleaseWatcher.Track track, String stage, ReleaseStatus.State state, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (track.status(stage, state).isEmpty()) {
            assertThat(System.nanoTime()).as(stage + " " + state + " for " + track.releaseId() + "; events: " + track.events())
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static Document changelogEntry() {
        try (var client = MongoClients.create(chain.mongoConnectionString())) {
            Document entry = client.getDatabase("relay").getCollection("modelinfo_changelog")
                    .find(Filters.eq("_id", SampleModel.NAME + "/" + SampleModel.MIGRATION_ID)).first();
            assertThat(entry).as("changelog entry of " + SampleModel.MIGRATION_ID).isNotNull();
            assertThat(entry.getString("releaseId")).isEqualTo(SampleModel.NAME + "@v0.0.1");
            return entry;
        }
    }

    private static void assertModelInfoMigrated() {
        try (var client = MongoClients.create(chain.mongoConnectionString())) {
            var modelinfo = client.getDatabase("relay").getCollection("modelinfo");
            int count = 0;
            for (Document doc : modelinfo.find(Filters.eq("model", SampleModel.NAME))) {
                assertThat(doc.getString("baz")).isEqualTo(doc.getString("foo") + doc.getInteger("bar"));
                count++;
            }
            assertThat(count).isPositive();
        }
    }

    private static void awaitMetric(Service service, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = get(service, "/q/metrics");
            if (metrics.contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(metrics.lines().filter(l -> l.startsWith("relay_dead_letters")).toList()).as(service.id()).contains(line);
    }

    private static ReleaseWatcher.Track release(int patch, boolean drifted) {
        ReleaseWatcher.Track track = watcher.follow(SampleModel.NAME + "@v0.0." + patch);
        track.pushedNow();
        model.release(patch, drifted);
        assertThat(track.awaitEnd(Duration.ofMinutes(8))).as(track.releaseId() + " finished; events: " + track.events()).isTrue();
        if (track.succeeded()) {
            timings.add(track.releaseId() + ": " + track.timing());
        }
        return track;
    }

    /** Milliseconds until env-migrator names {@code releaseId} the model's current environment; fails after {@code timeout}. */
    private static long awaitCurrent(String releaseId, Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        String current = "";
        while (System.nanoTime() < deadline) {
            current = get(Service.ENV_MIGRATOR, "/environments/hello-model/current");
            if (current.contains("\"releaseId\":\"" + releaseId + "\"")) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(100);
        }
        assertThat(current).as("current environment after " + timeout).contains("\"releaseId\":\"" + releaseId + "\"");
        return -1;
    }

    private static String get(Service service, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(chain.baseUrl(service) + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
