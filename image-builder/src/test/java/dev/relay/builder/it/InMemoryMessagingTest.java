package dev.relay.builder.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.relay.builder.core.BuildLog;
import dev.relay.builder.core.ImageEngine;
import dev.relay.builder.core.ImageLabels;
import dev.relay.events.Campaign;
import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.ImageBuilt;
import dev.relay.events.InvalidEventException;
import dev.relay.events.ModelConfig;
import dev.relay.events.RebuildRequested;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.Topics;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.testkit.GitFixtures;
import dev.relay.testkit.KafkaRecords;
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
 * The service's messaging and REST API with the in-memory connector, real git repositories and an
 * engine stand-in that keeps images with their labels (the real engine is covered by BuilderKafkaDockerTest).
 * Records carry Kafka metadata with headers, so the ce_type check is exercised as from the broker.
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
            Map<String, String> config = new java.util.HashMap<>(InMemoryConnector.switchIncomingChannelsToInMemory("release-tagged", "rebuild-requested"));
            config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("image-built", "release-failed", "release-status"));
            return config;
        }

        @Override
        public void stop() {
            InMemoryConnector.clear();
        }
    }

    /** Builds nothing; keeps what it "built" with its labels, as the engine does. */
    static final class CountingEngine implements ImageEngine {
        final AtomicInteger builds = new AtomicInteger();
        final Map<String, FoundImage> byRelease = new ConcurrentHashMap<>();
        final java.util.Set<String> missingImages = ConcurrentHashMap.newKeySet();

        @Override
        public Optional<FoundImage> find(String releaseId) {
            return Optional.ofNullable(byRelease.get(releaseId));
        }

        @Override
        public boolean hasImage(String ref) {
            return !missingImages.contains(ref);
        }

        @Override
        public void tag(String imageId, String ref) {
        }

        @Override
        public BuiltImage build(Path contextDir, String ref, Map<String, String> labels, BuildLog log) {
            assertThat(contextDir.resolve("Dockerfile")).exists();
            log.line("Step 1/1 : built " + ref);
            String id = "sha256:" + "ab".repeat(32);
            byRelease.put(labels.get(ImageLabels.RELEASE_ID), new FoundImage(id, 1234, null, List.of(ref), labels));
            builds.incrementAndGet();
            return new BuiltImage(id, 1234, null);
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

    private static Release tagged(String model, String requirements, String relayYaml) throws Exception {
        Path dir = Files.createTempDirectory("relay-ib-mem");
        Path bare = GitFixtures.bareRepository(dir, model);
        GitFixtures.WorkingCopy wc = GitFixtures.clone(bare, dir.resolve("wc"))
                .write("requirements.txt", requirements).write("model.py", "x = 1\n");
        if (relayYaml != null) {
            wc.write("relay.yaml", relayYaml);
        }
        String commit = wc.commit("c");
        wc.tagLightweight("v1.0.0").push();
        return Release.of(model, "v1.0.0", bare.toUri().toString(), commit, "tester", Instant.parse("2026-11-21T10:15:30Z"));
    }

    private <T extends RelayEvent> List<T> received(String channel, Class<T> type, Release release) {
        InMemorySink<String> sink = connector.sink(channel);
        return sink.received().stream().map(m -> codec.decode(type, m.getPayload()))
                .filter(e -> e.release().releaseId().equals(release.releaseId())).toList();
    }

    private List<ReleaseStatus.State> statuses(Release release, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> received("release-status", ReleaseStatus.class, release).size() >= count);
        return received("release-status", ReleaseStatus.class, release).stream().map(ReleaseStatus::state).toList();
    }

    private static Message<String> withAcks(Message<String> message, AtomicInteger acks, AtomicReference<Throwable> nacked) {
        return message.withAck(() -> {
            acks.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }).withNack(t -> {
            nacked.set(t);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void aReleaseIsBuiltOnceAndEveryDeliveryGivesTheSameThreeEvents() throws Exception {
        Release release = tagged("mem-ok", "promote==1.10\nsix==1.16.0\n", "model: mem-ok\npython: \"3.11\"\n");
        AtomicInteger acks = new AtomicInteger();
        AtomicReference<Throwable> nacked = new AtomicReference<>();
        for (int i = 0; i < 2; i++) {
            connector.source("release-tagged").send(withAcks(KafkaRecords.event(new ReleaseTagged(release)), acks, nacked));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> received("image-built", ImageBuilt.class, release).size() == 2
                && acks.get() == 2);
        List<ImageBuilt> events = received("image-built", ImageBuilt.class, release);
        assertThat(engine.builds).hasValue(1);
        assertThat(nacked.get()).isNull();
        ImageBuilt first = events.get(0);
        assertThat(first.release()).isEqualTo(release);
        assertThat(first.image().id()).isEqualTo("sha256:" + "ab".repeat(32));
        assertThat(first.image().ref()).isEqualTo("mem-ok:v1.0.0");
        assertThat(first.requirements()).containsExactly(Map.entry("promote", "1.10"), Map.entry("six", "1.16.0"));
        assertThat(first.modelConfig()).isEqualTo(new ModelConfig(true, "mem-ok", null, "3.11", List.of(), false, "migrations"));
        // the replay: the stored outcome, announced again with buildSeconds 0
        assertThat(events.get(1)).isEqualTo(new ImageBuilt(release, first.image(), first.requirements(), 0, first.modelConfig()));
        assertThat(statuses(release, 4)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded,
                ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
    }

    @Test
    void theGoldenReleaseTaggedRecordIsDecodedAndBuilt() throws Exception {
        Release release = tagged("mem-golden", "promote==1.10\n", null);
        String json = GoldenEvents.json(EventType.RELEASE_TAGGED, release);
        connector.source("release-tagged").send(KafkaRecords.event(EventType.RELEASE_TAGGED, json));
        await().atMost(Duration.ofSeconds(60)).until(() -> received("image-built", ImageBuilt.class, release).size() == 1);
        ImageBuilt built = received("image-built", ImageBuilt.class, release).get(0);
        assertThat(built.release()).isEqualTo(release);
        assertThat(built.modelConfig()).isEqualTo(ModelConfig.ABSENT);
        assertThat(statuses(release, 2)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
    }

    @Test
    void invalidRequirementsFailWithoutTheEngine() throws Exception {
        Release release = tagged("mem-bad", "six>=1\n", null);
        connector.source("release-tagged").send(KafkaRecords.event(new ReleaseTagged(release)));
        await().atMost(Duration.ofSeconds(60)).until(() -> received("release-failed", ReleaseFailed.class, release).size() == 1);
        ReleaseFailed event = received("release-failed", ReleaseFailed.class, release).get(0);
        assertThat(event.reason()).isEqualTo("invalid-requirements");
        assertThat(event.stage()).isEqualTo("image-builder");
        assertThat(event.detail()).contains("requirements.txt:1:", "is a range", "platform package 'promote'");
        assertThat(engine.builds).hasValue(0);
        assertThat(statuses(release, 2)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
    }

    private InvalidEventException nackOf(Message<String> record) {
        return nackOf("release-tagged", record);
    }

    private InvalidEventException nackOf(String channel, Message<String> record) {
        AtomicReference<Throwable> nacked = new AtomicReference<>();
        AtomicInteger acks = new AtomicInteger();
        connector.source(channel).send(withAcks(record, acks, nacked));
        await().atMost(Duration.ofSeconds(10)).until(() -> nacked.get() != null);
        assertThat(acks).hasValue(0);
        assertThat(nacked.get()).isInstanceOf(InvalidEventException.class);
        return (InvalidEventException) nacked.get();
    }

    @Test
    void malformedRecordIsNackedWithTheFieldAtFault() {
        InvalidEventException e = nackOf(KafkaRecords.record("release.tagged", "bad", "{\"release\": {\"model\": \"Bad Name\"}}",
                Map.of(CloudEvents.TYPE, EventType.RELEASE_TAGGED.ceType())));
        assertThat(e.field()).isEqualTo("release.model");
        assertThat(e.getMessage()).isEqualTo("release.model: 'Bad Name' is not a model name ([a-z0-9][a-z0-9-]{0,62})");
        assertThat(engine.builds).hasValue(0);
    }

    @Test
    void aRecordWithoutOrWithAWrongCeTypeIsNackedWhateverItsJson() {
        String golden = GoldenEvents.json(EventType.RELEASE_TAGGED);
        InvalidEventException missing = nackOf(KafkaRecords.record("release.tagged", "hello-model", golden, Map.of()));
        assertThat(missing.field()).isEqualTo("ce_type");
        assertThat(missing.getMessage()).isEqualTo("ce_type: header is missing (expected 'dev.relay.release.tagged.v1')");

        InvalidEventException wrong = nackOf(KafkaRecords.record("release.tagged", "hello-model", golden,
                Map.of(CloudEvents.TYPE, EventType.IMAGE_BUILT.ceType())));
        assertThat(wrong.field()).isEqualTo("ce_type");
        assertThat(wrong.getMessage()).isEqualTo("ce_type: 'dev.relay.image.built.v1' is not dev.relay.release.tagged.v1");

        assertThat(received("release-status", ReleaseStatus.class, GoldenEvents.event(ReleaseTagged.class).release())).isEmpty();
    }

    @Test
    void aBuildByHandResolvesTheTagAndGoesThroughTheSameRunner() throws Exception {
        Release tagged = tagged("mem-rest", "promote==1.10\n", null);
        given().contentType("application/json").body(Map.of("repoUrl", tagged.repoUrl(), "version", "v1.0.0"))
                .when().post("/builds").then().statusCode(202)
                .body("releaseId", equalTo("mem-rest@v1.0.0")).body("commit", equalTo(tagged.commit()));
        await().atMost(Duration.ofSeconds(60)).until(() -> received("image-built", ImageBuilt.class, tagged).size() == 1);
        ImageBuilt built = received("image-built", ImageBuilt.class, tagged).get(0);
        assertThat(built.release().commit()).isEqualTo(tagged.commit());
        assertThat(built.release().taggedBy()).isEqualTo("rest");
        assertThat(statuses(tagged, 2)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        given().when().get("/builds/mem-rest@v1.0.0").then().statusCode(200)
                .body("state", equalTo("succeeded")).body("image", equalTo("mem-rest:v1.0.0"))
                .body("logTail", containsString("Step 1/1 : built mem-rest:v1.0.0"));
    }

    @Test
    void badRequestsGetOneProblemShape() throws Exception {
        Release tagged = tagged("mem-problems", "promote==1.10\n", null);
        given().contentType("application/json").body(Map.of("repoUrl", tagged.repoUrl(), "version", "not a tag"))
                .when().post("/builds").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:relay:problem:invalid-request")).body("title", equalTo("Bad Request"))
                .body("status", equalTo(400)).body("reason", equalTo("invalid-request"))
                .body("detail", equalTo("version: 'not a tag' is not a valid git tag: must not contain control characters, spaces or any of ~^:?*[\\"));
        given().contentType("application/json").body(Map.of("repoUrl", tagged.repoUrl(), "version", "v9.9.9"))
                .when().post("/builds").then().statusCode(404).contentType("application/problem+json")
                .body("reason", equalTo("unknown-tag")).body("title", equalTo("Not Found"))
                .body("detail", equalTo("version: tag 'v9.9.9' does not exist in " + tagged.repoUrl()));
        given().contentType("application/json").body(Map.of("repoUrl", "https://bot:t0ken@git.example/m.git", "version", "v1"))
                .when().post("/builds").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("repoUrl: 'https://***@git.example/m.git' carries credentials"))
                .body("detail", not(containsString("t0ken")));
        given().contentType("application/json").body("{").when().post("/builds").then().statusCode(400)
                .contentType("application/problem+json").body("reason", equalTo("invalid-request"));
        given().when().get("/builds/nobody@v0").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:relay:problem:not-found")).body("detail", containsString("'nobody@v0'"));
        assertThat(engine.builds).hasValue(0);
    }

    // --- campaign rebuilds ---------------------------------------------------------------------------------------

    private static RebuildRequested rebuildOf(Release current, Campaign campaign) {
        Release release = new Release(Campaign.releaseIdOf(current.model(), current.version(), campaign.campaignId(),
                Campaign.Step.rebuild), current.model(), current.version(), current.repoUrl(), current.commit(),
                current.taggedBy(), current.taggedAt());
        return new RebuildRequested(release, campaign);
    }

    @Test
    void aRebuildRequestIsBuiltOnceOnTheCampaignBaseAndAnnouncedWithItsCampaignBlock() throws Exception {
        Release current = tagged("mem-campaign", "promote==1.10\nsix==1.16.0\n", "model: mem-campaign\nbaseImage: own:1\n");
        Campaign campaign = new Campaign("memc1", "Python 3.13", "relay/python-base:3.13", "promote==1.11", Campaign.Step.rebuild);
        RebuildRequested request = rebuildOf(current, campaign);
        Release release = request.release();
        AtomicInteger acks = new AtomicInteger();
        AtomicReference<Throwable> nacked = new AtomicReference<>();
        for (int i = 0; i < 2; i++) {
            connector.source("rebuild-requested").send(withAcks(KafkaRecords.event(request), acks, nacked));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> received("image-built", ImageBuilt.class, release).size() == 2
                && acks.get() == 2);
        List<ImageBuilt> events = received("image-built", ImageBuilt.class, release);
        assertThat(engine.builds).hasValue(1);
        assertThat(nacked.get()).isNull();
        ImageBuilt first = events.get(0);
        assertThat(first.release()).isEqualTo(release);
        assertThat(first.release().releaseId()).isEqualTo("mem-campaign@v1.0.0~campaign-memc1");
        assertThat(first.campaign()).isEqualTo(campaign);
        assertThat(first.image().ref()).isEqualTo("mem-campaign:v1.0.0-memc1");
        assertThat(first.image().baseImage()).isEqualTo("relay/python-base:3.13");
        assertThat(first.requirements()).containsExactly(Map.entry("promote", "1.11"), Map.entry("six", "1.16.0"));
        assertThat(events.get(1)).isEqualTo(new ImageBuilt(release, first.image(), first.requirements(), 0, first.modelConfig(),
                campaign));
        assertThat(engine.byRelease.get(release.releaseId()).labels()).containsEntry(ImageLabels.CAMPAIGN, "memc1");
        assertThat(statuses(release, 4)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded,
                ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        given().when().get("/builds/" + release.releaseId()).then().statusCode(200)
                .body("releaseId", equalTo("mem-campaign@v1.0.0~campaign-memc1"))
                .body("state", equalTo("succeeded")).body("image", equalTo("mem-campaign:v1.0.0-memc1"));
    }

    @Test
    void aRebuildOnABaseTheEngineLacksFailsWithoutABuild() throws Exception {
        Release current = tagged("mem-nobase", "promote==1.10\n", null);
        Campaign campaign = new Campaign("memc2", "Python 3.14", "relay/python-base:3.14", null, Campaign.Step.rebuild);
        engine.missingImages.add("relay/python-base:3.14");
        Release release = rebuildOf(current, campaign).release();
        connector.source("rebuild-requested").send(KafkaRecords.event(rebuildOf(current, campaign)));
        await().atMost(Duration.ofSeconds(60)).until(() -> received("release-failed", ReleaseFailed.class, release).size() == 1);
        ReleaseFailed failed = received("release-failed", ReleaseFailed.class, release).get(0);
        assertThat(failed.reason()).isEqualTo("base-image-missing");
        assertThat(failed.message()).contains("relay/python-base:3.14", "campaign 'memc2'");
        assertThat(engine.builds).hasValue(0);
        assertThat(statuses(release, 2)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
        given().when().get("/builds/" + release.releaseId()).then().statusCode(200)
                .body("state", equalTo("failed")).body("reason", equalTo("base-image-missing"));
    }

    @Test
    void anInvalidRebuildRequestIsNackedToItsDeadLetterTopic() {
        String golden = GoldenEvents.json(EventType.REBUILD_REQUESTED);
        InvalidEventException noCampaign = nackOf("rebuild-requested", KafkaRecords.record(Topics.REBUILD_REQUESTED, "hello-model",
                GoldenEvents.without(golden, "campaign"), Map.of(CloudEvents.TYPE, EventType.REBUILD_REQUESTED.ceType())));
        assertThat(noCampaign.field()).isEqualTo("campaign");
        assertThat(noCampaign.getMessage()).isEqualTo("campaign: is required");

        InvalidEventException wrongType = nackOf("rebuild-requested", KafkaRecords.record(Topics.REBUILD_REQUESTED, "hello-model",
                golden, Map.of(CloudEvents.TYPE, EventType.RELEASE_TAGGED.ceType())));
        assertThat(wrongType.field()).isEqualTo("ce_type");
        assertThat(wrongType.getMessage()).isEqualTo("ce_type: 'dev.relay.release.tagged.v1' is not dev.relay.rebuild.requested.v1");
        assertThat(engine.builds).hasValue(0);
    }
}
