package dev.relay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.Release;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.golden.GoldenEvents;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real hook, run by the real git CLI on a real push, publishing with kcat to a real broker; its
 * events are held to the contract's golden file and CloudEvents headers, and decoded as every
 * consumer decodes them.
 */
class PostReceiveHookTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static KafkaBroker broker;
    private static KafkaTestClient kafka;
    private final EventCodec codec = new EventCodec();

    @TempDir
    Path tmp;
    private Map<String, String> gitEnv;

    @BeforeAll
    static void startBroker() {
        Infra.requireCommand("kcat");
        Infra.requireCommand("git");
        broker = KafkaBroker.start();
        broker.createTopics(List.of("release.tagged"));
        kafka = new KafkaTestClient(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void isolateGit() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        gitEnv = new HashMap<>();
        gitEnv.put("HOME", home.toString());
        gitEnv.put("XDG_CONFIG_HOME", home.toString());
        gitEnv.put("GIT_CONFIG_NOSYSTEM", "1");
        gitEnv.put("GIT_AUTHOR_NAME", "Ada");
        gitEnv.put("GIT_AUTHOR_EMAIL", "ada@example.invalid");
        gitEnv.put("GIT_COMMITTER_NAME", "Ada");
        gitEnv.put("GIT_COMMITTER_EMAIL", "ada@example.invalid");
        gitEnv.put("USER", "ada");
    }

    @Test
    void threeTagsInOnePushPublishExactlyThreeEventsAndABranchPushPublishesNothing() {
        Path bare = modelRepository("three-tags", broker.bootstrapServers());
        Path work = cloneOf(bare);
        git(work, "commit", "--allow-empty", "-m", "first");
        String first = git(work, "rev-parse", "HEAD").strip();
        git(work, "tag", "v0.0.1");
        git(work, "commit", "--allow-empty", "-m", "second");
        String second = git(work, "rev-parse", "HEAD").strip();
        git(work, "tag", "-a", "v0.0.2", "-m", "annotated release");
        git(work, "tag", "v0.0.3");
        git(work, "push", "origin", "main");
        assertThat(eventsOf("three-tags")).as("a branch push publishes nothing").isEmpty();

        Instant pushed = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String pushOutput = git(work, "push", "--tags");
        Instant published = Instant.now();

        assertThat(pushOutput).contains("relay: published 3 release event(s) to release.tagged");
        List<ConsumerRecord<String, String>> records = eventsOf("three-tags");
        // The annotated tag resolves to its commit, not to the tag object.
        Map<String, String> commitByVersion = Map.of("v0.0.1", first, "v0.0.2", second, "v0.0.3", second);
        assertThat(records).extracting(r -> tree(r.value()).at("/release/version").asText())
                .containsExactlyInAnyOrderElementsOf(commitByVersion.keySet());
        for (ConsumerRecord<String, String> r : records) {
            assertThat(r.key()).isEqualTo("three-tags");
            Map<String, String> headers = KafkaTestClient.headers(r);
            ReleaseTagged event = codec.decodeRecord(ReleaseTagged.class, headers.get(CloudEvents.TYPE), r.value());
            Release release = event.release();
            assertThat(release.taggedAt()).isBetween(pushed, published);
            Release expected = Release.of("three-tags", release.version(), "file://" + bare, commitByVersion.get(release.version()),
                    "ada", release.taggedAt());

            // The golden file with this test's release block: the same fields, the same structure, the same values.
            assertThat(tree(r.value())).isEqualTo(tree(GoldenEvents.json(EventType.RELEASE_TAGGED, expected)));
            // Exactly the headers the contract writes for this event, the hook's id and time put in. Re-printing
            // the time also checks its format: whole seconds, UTC, as Instant prints them.
            assertThat(headers).isEqualTo(CloudEvents.headers(event, "/relay/git-hook", headers.get(CloudEvents.ID),
                    Instant.parse(headers.get(CloudEvents.TIME))));
            assertThat(UUID.fromString(headers.get(CloudEvents.ID)).toString()).isEqualTo(headers.get(CloudEvents.ID));
            assertThat(Instant.parse(headers.get(CloudEvents.TIME))).isBetween(pushed, published);
        }
        assertThat(records).extracting(r -> KafkaTestClient.headers(r).get(CloudEvents.ID)).doesNotHaveDuplicates();

        git(work, "commit", "--allow-empty", "-m", "third");
        git(work, "push", "origin", "main");
        git(work, "push", "origin", ":refs/tags/v0.0.1");
        assertThat(eventsOf("three-tags")).as("branch updates and tag deletions publish nothing").hasSize(3);
    }

    @Test
    void aTagPushedWhileTheBrokerIsDownIsSpooledAndDeliveredExactlyOnce() throws IOException {
        Path bare = modelRepository("spooled", "127.0.0.1:" + closedPort());
        Path work = cloneOf(bare);
        git(work, "commit", "--allow-empty", "-m", "first");
        git(work, "tag", "v1.0.0");

        String pushOutput = git(work, "push", "origin", "main", "--tags");

        assertThat(pushOutput).contains("1 release event(s) kept in");
        try (var spooled = Files.list(bare.resolve("relay-spool"))) {
            assertThat(spooled.filter(p -> p.toString().endsWith(".event"))).hasSize(1);
        }
        assertThat(eventsOf("spooled")).isEmpty();

        git(bare, "config", "relay.bootstrapServers", broker.bootstrapServers());
        Processes.run(bare, gitEnv, Duration.ofSeconds(60), List.of(bare.resolve("hooks/post-receive").toString(),
                "--deliver-spool")).requireSuccess();
        Processes.run(bare, gitEnv, Duration.ofSeconds(60), List.of(bare.resolve("hooks/post-receive").toString(),
                "--deliver-spool")).requireSuccess();
        git(work, "tag", "v1.0.1");
        git(work, "push", "--tags");

        List<ConsumerRecord<String, String>> records = eventsOf("spooled");
        assertThat(records).extracting(r -> codec.decodeRecord(ReleaseTagged.class, KafkaTestClient.headers(r).get(CloudEvents.TYPE),
                        r.value()).release().version())
                .as("the spooled event once, then the new one")
                .containsExactly("v1.0.0", "v1.0.1");
        try (var spooled = Files.list(bare.resolve("relay-spool"))) {
            assertThat(spooled.filter(p -> p.toString().endsWith(".event"))).isEmpty();
        }
    }

    private JsonNode tree(String json) {
        try {
            return codec.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private List<ConsumerRecord<String, String>> eventsOf(String model) {
        return kafka.readAll("release.tagged", READ_TIMEOUT).stream().filter(r -> model.equals(r.key())).toList();
    }

    private Path modelRepository(String model, String bootstrap) {
        Path bare = tmp.resolve(model + ".git");
        git(tmp, "init", "--bare", "--initial-branch=main", bare.toString());
        try {
            Path hook = bare.resolve("hooks/post-receive");
            Files.copy(Processes.projectRoot().resolve("deploy/hooks/post-receive"), hook, StandardCopyOption.REPLACE_EXISTING);
            assertThat(hook.toFile().setExecutable(true)).isTrue();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        git(bare, "config", "relay.bootstrapServers", bootstrap);
        git(bare, "config", "relay.timeoutMs", "3000");
        return bare;
    }

    private Path cloneOf(Path bare) {
        Path work = tmp.resolve("work-" + bare.getFileName());
        git(tmp, "clone", "--quiet", bare.toString(), work.toString());
        git(work, "checkout", "--quiet", "-B", "main");
        return work;
    }

    private String git(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return Processes.run(dir, gitEnv, Duration.ofSeconds(60), command).requireSuccess().output();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
