package dev.relay.builder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relay.builder.core.BuildLog;
import dev.relay.builder.core.ImageEngine;
import dev.relay.events.EventCodec;
import dev.relay.events.ImageBuilt;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.ReleaseTagged;
import dev.relay.testkit.GitFixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service's messaging with the in-memory connector, real git repositories and an engine
 * stand-in that counts what it is asked to do (the real engine is covered by BuilderKafkaDockerTest).
 */
@QuarkusTest
@TestProfile(InMemoryMessagingTest.InMemory.class)
class InMemoryMessagingTest {

    public static class InMemory implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Channels.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.smallrye-health.extensions.enabled", "false");
        }
    }

    public static class Channels implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new java.util.HashMap<>(InMemoryConnector.switchIncomingChannelsToInMemory("release-tagged"));
            config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("image-built", "release-failed", "release-status"));
            return config;
        }

        @Override
        public void stop() {
            InMemoryConnector.clear();
        }
    }

    /** Builds nothing; remembers what it "built" by release and commit, as image labels would. */
    static final class CountingEngine implements ImageEngine {
        final AtomicInteger builds = new AtomicInteger();
        final Map<String, BuiltImage> byRelease = new ConcurrentHashMap<>();

        @Override
        public Optional<BuiltImage> findExisting(String releaseId, String commit, String ref) {
            return Optional.ofNullable(byRelease.get(releaseId + "/" + commit));
        }

        @Override
        public BuiltImage build(Path contextDir, String ref, Map<String, String> labels, BuildLog log) {
            assertThat(contextDir.resolve("Dockerfile")).exists();
            BuiltImage image = new BuiltImage("sha256:" + "ab".repeat(32), 1234, null);
            byRelease.put(labels.get("dev.relay.release-id") + "/" + labels.get("org.opencontainers.image.revision"), image);
            builds.incrementAndGet();
            return image;
        }

        @Override
        public String push(String ref, BuildLog log) {
            return null;
        }
    }

    @Inject
    @Any
    InMemoryConnector connector;

    CountingEngine engine;
    final EventCodec codec = new EventCodec();

    @BeforeEach
    void setUp() {
        engine = new CountingEngine();
        QuarkusMock.installMockForType(engine, ImageEngine.class);
        connector.sink("image-built").clear();
        connector.sink("release-failed").clear();
        connector.sink("release-status").clear();
    }

    private static Release tagged(String model, String requirements) throws Exception {
        Path dir = Files.createTempDirectory("relay-ib-mem");
        Path bare = GitFixtures.bareRepository(dir, model);
        GitFixtures.WorkingCopy wc = GitFixtures.clone(bare, dir.resolve("wc"))
                .write("requirements.txt", requirements).write("model.py", "x = 1\n");
        String commit = wc.commit("c");
        wc.tagLightweight("v1.0.0").push();
        return Release.of(model, "v1.0.0", bare.toUri().toString(), commit, "tester", Instant.now());
    }

    @Test
    void releaseIsBuiltOnceAndAnnouncedOnEveryDelivery() throws Exception {
        Release release = tagged("mem-ok", "promote==1.10\nsix==1.16.0\n");
        AtomicInteger acks = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            connector.source("release-tagged").send(Message.of(codec.encodeToString(new ReleaseTagged(release)))
                    .withAck(() -> {
                        acks.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    }));
        }
        InMemorySink<String> built = connector.sink("image-built");
        await().atMost(Duration.ofSeconds(60)).until(() -> built.received().size() == 2 && acks.get() == 2);
        List<ImageBuilt> events = built.received().stream().map(m -> codec.decode(ImageBuilt.class, m.getPayload())).toList();
        assertThat(engine.builds).hasValue(1);
        assertThat(events).extracting(e -> e.image().id()).containsOnly("sha256:" + "ab".repeat(32));
        assertThat(events.get(0).requirements()).containsExactly(Map.entry("promote", "1.10"), Map.entry("six", "1.16.0"));
        assertThat(events.get(0).image().ref()).isEqualTo("mem-ok:v1.0.0");
        assertThat(events.get(1).buildSeconds()).isZero();
    }

    @Test
    void invalidRequirementsFailWithoutTheEngine() throws Exception {
        Release release = tagged("mem-bad", "six>=1\n");
        connector.source("release-tagged").send(codec.encodeToString(new ReleaseTagged(release)));
        InMemorySink<String> failed = connector.sink("release-failed");
        await().atMost(Duration.ofSeconds(60)).until(() -> failed.received().size() == 1);
        ReleaseFailed event = codec.decode(ReleaseFailed.class, failed.received().get(0).getPayload());
        assertThat(event.reason()).isEqualTo("invalid-requirements");
        assertThat(event.stage()).isEqualTo("image-builder");
        assertThat(event.detail()).contains("requirements.txt:1:", "is a range", "platform package 'promote'");
        assertThat(engine.builds).hasValue(0);
        InMemorySink<String> status = connector.sink("release-status");
        await().atMost(Duration.ofSeconds(10)).until(() -> status.received().size() == 2);
        assertThat(status.received()).extracting(m -> codec.decode(ReleaseStatus.class, m.getPayload()).state())
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
    }

    @Test
    void malformedRecordIsNackedWithTheFieldAtFault() {
        AtomicReference<Throwable> nacked = new AtomicReference<>();
        connector.source("release-tagged").send(Message.of("{\"release\": {\"model\": \"Bad Name\"}}").withNack(t -> {
            nacked.set(t);
            return CompletableFuture.completedFuture(null);
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> nacked.get() != null);
        assertThat(nacked.get()).hasMessageContaining("release.");
        assertThat(engine.builds).hasValue(0);
    }
}
