package dev.relay.builder.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.events.Campaign;
import dev.relay.events.ImageBuilt;
import dev.relay.events.ModelConfig;
import dev.relay.events.RebuildRequested;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.Topics;
import dev.relay.testkit.GitFixtures;
import dev.relay.testkit.Infra;
import dev.relay.testkit.KafkaBrokerResource;
import dev.relay.testkit.KafkaTestClient;
import dev.relay.testkit.Processes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole service against a real Kafka broker, a real Docker engine and real git repositories.
 * Model names are unique per run and every image made here is removed afterwards.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(BuilderKafkaDockerTest.BuilderDirs.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuilderKafkaDockerTest {

    /** A wheelhouse built by the test and a private cache folder. */
    public static class BuilderDirs implements QuarkusTestResourceLifecycleManager {
        static Path root;

        @Override
        public Map<String, String> start() {
            try {
                root = Files.createTempDirectory("relay-image-builder-it");
                // and the platform package a campaign moves the sample model to
                SampleModels.wheelhouse(root.resolve("wheelhouse")).add("promote", "1.11");
                return Map.of("relay.builder.wheelhouse", root.resolve("wheelhouse").toString(),
                        "relay.builder.cache-dir", root.resolve("cache").toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    private static final Duration BUILD = Duration.ofMinutes(4);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> MODELS = new ArrayList<>();
    private static Path dir;
    private static KafkaTestClient kafka;

    @BeforeAll
    static void setUp() throws Exception {
        Infra.requireDocker();
        Infra.requireCommand("docker");
        dir = Files.createTempDirectory("relay-ib-repos");
        kafka = new KafkaTestClient(KafkaBrokerResource.bootstrapServers());
    }

    @AfterAll
    static void tearDown() {
        if (kafka != null) {
            kafka.close();
        }
        for (String model : MODELS) {
            String ids = docker("images", "-q", "--filter", "label=dev.relay.model=" + model).output().strip();
            for (String id : ids.lines().distinct().toList()) {
                docker("rmi", "-f", id);
            }
        }
    }

    // --- the sample model: generated Dockerfile, hook, wheelhouse -------------------------------------------

    private static Release sample;

    @Test
    @Order(1)
    void sampleModelIsBuiltLabelledAndRunsOfflineWithItsPins() {
        String model = model("sample");
        Path bare = GitFixtures.bareRepository(dir, model);
        GitFixtures.WorkingCopy wc = SampleModels.writeSample(GitFixtures.clone(bare, dir.resolve(model + "-wc")), model);
        String commit = wc.commit("first");
        wc.tagAnnotated("v1.0.0", "first release").push();
        sample = Release.of(model, "v1.0.0", bare.toUri().toString(), commit, "tester", Instant.now());

        kafka.send(new ReleaseTagged(sample), "/test");

        ImageBuilt built = awaitBuilt(sample, 1).get(0);
        assertThat(built.image().ref()).isEqualTo(model + ":v1.0.0");
        assertThat(built.image().id()).startsWith("sha256:");
        assertThat(built.image().baseImage()).isEqualTo("relay/python-base:3.11");
        assertThat(built.requirements()).containsExactly(Map.entry("promote", "1.10"), Map.entry("tinymath", "2.0.1"),
                Map.entry("tinyutil", "1.3.0"));
        assertThat(built.buildSeconds()).isPositive();
        assertThat(built.modelConfig()).isEqualTo(new ModelConfig(true, model, null, ">=3.10",
                List.of("python -c 'import tinymath'"), false, "migrations"));

        String labels = docker("image", "inspect", "--format", "{{json .Config.Labels}}", built.image().ref()).output();
        assertThat(labels).contains("\"org.opencontainers.image.revision\":\"" + commit + "\"",
                "\"org.opencontainers.image.version\":\"v1.0.0\"", "\"org.opencontainers.image.source\":\"" + sample.repoUrl() + "\"",
                "\"org.opencontainers.image.created\":", "\"dev.relay.release-id\":\"" + sample.releaseId() + "\"",
                "\"dev.relay.model\":\"" + model + "\"");

        String run = docker("run", "--rm", "--network", "none", built.image().ref(), "sh", "-c",
                "command -v python; python -c 'import promote, tinymath, tinyutil; print(promote.__version__, tinymath.__version__, tinyutil.__version__)';"
                        + " cat /opt/relay/promoted; ls /opt/model").output();
        assertThat(run).contains("/opt/venv/bin/python", "1.10 2.0.1 1.3.0", "promoted on Python 3.11",
                "promote-1.10-py3-none-any.whl", "model.py");
        assertThat(run).doesNotContain("scratch.tmp");

        List<ReleaseStatus> statuses = kafka.readEvents(ReleaseStatus.class, Topics.RELEASE_STATUS,
                s -> s.release().releaseId().equals(sample.releaseId()), 2, Duration.ofSeconds(30));
        assertThat(statuses).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(statuses).allSatisfy(s -> assertThat(s.stage()).isEqualTo("image-builder"));
    }

    @Test
    @Order(2)
    void redeliveredReleaseIsAnnouncedAgainButNotRebuilt() {
        kafka.send(new ReleaseTagged(sample), "/test");
        List<ImageBuilt> both = awaitBuilt(sample, 2);
        assertThat(both.get(1).image().id()).isEqualTo(both.get(0).image().id());
        assertThat(both.get(1).buildSeconds()).isZero();
        assertThat(both.get(1)).isEqualTo(new ImageBuilt(both.get(0).release(), both.get(0).image(), both.get(0).requirements(), 0,
                both.get(0).modelConfig()));
        String images = docker("images", "-q", "--filter", "label=dev.relay.release-id=" + sample.releaseId()).output().strip();
        assertThat(images.lines().distinct()).hasSize(1);
        // a re-delivery shows as every stage shows one: started, the stored outcome, succeeded
        List<ReleaseStatus> statuses = kafka.readEvents(ReleaseStatus.class, Topics.RELEASE_STATUS,
                s -> s.release().releaseId().equals(sample.releaseId()), 4, Duration.ofSeconds(30));
        assertThat(statuses).extracting(ReleaseStatus::state).containsExactly(ReleaseStatus.State.started,
                ReleaseStatus.State.succeeded, ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
    }

    // --- failures ---------------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void malformedRecordGoesToTheDeadLetterTopicAndTheNextRecordIsProcessed() {
        String garbage = "{\"not\": \"an event " + RUN + "\"}";
        kafka.send(Topics.RELEASE_TAGGED, "garbage", garbage, Map.of("ce_type", "dev.relay.release.tagged.v1"));
        // the next record: invalid requirements, which fails fast without the engine
        String model = model("badreqs");
        Path bare = GitFixtures.bareRepository(dir, model);
        GitFixtures.WorkingCopy wc = GitFixtures.clone(bare, dir.resolve(model + "-wc"))
                .write("requirements.txt", "promote==1.10\nnumpy>=1.26\n").write("model.py", "x = 1\n");
        String commit = wc.commit("unpinned");
        wc.tagLightweight("v0.1.0").push();
        Release release = Release.of(model, "v0.1.0", bare.toUri().toString(), commit, "tester", Instant.now());
        kafka.send(new ReleaseTagged(release), "/test");

        ConsumerRecord<String, String> dead = kafka.read(Topics.dlq(Topics.RELEASE_TAGGED), r -> garbage.equals(r.value()), 1,
                Duration.ofSeconds(60)).get(0);
        assertThat(KafkaTestClient.headers(dead).toString()).contains("release: is required");

        ReleaseFailed failed = awaitFailed(release);
        assertThat(failed.reason()).isEqualTo("invalid-requirements");
        assertThat(failed.message()).contains("requirements.txt:2:", "numpy");
        // nothing was built: the engine never saw this model
        assertThat(docker("images", "-q", "--filter", "label=dev.relay.model=" + model).output().strip()).isEmpty();
    }

    @Test
    @Order(4)
    void unknownTagUnreachableRepositoryAndMovedTagFailClearly() {
        Release unknownTag = Release.of(sample.model(), "v9.9.9", sample.repoUrl(), sample.commit(), "tester", Instant.now());
        Release unreachable = Release.of(model("gone"), "v1.0.0", dir.resolve("does-not-exist.git").toUri().toString(),
                sample.commit(), "tester", Instant.now());
        kafka.send(new ReleaseTagged(unknownTag), "/test");
        kafka.send(new ReleaseTagged(unreachable), "/test");
        assertThat(awaitFailed(unknownTag).reason()).isEqualTo("unknown-tag");
        ReleaseFailed gone = awaitFailed(unreachable);
        assertThat(gone.reason()).isEqualTo("repo-unreachable");
        assertThat(gone.message()).contains("does-not-exist.git");

        // the tag moves to a new commit after the event was published, before the release was built
        GitFixtures.WorkingCopy wc = GitFixtures.clone(Path.of(java.net.URI.create(sample.repoUrl())), dir.resolve("moved-wc"));
        wc.tagLightweight("v1.0.1").push();
        wc.write("model.py", "VERSION = 2\n").commit("second");
        wc.retag("v1.0.1").push();
        Release moved = Release.of(sample.model(), "v1.0.1", sample.repoUrl(), sample.commit(), "tester", Instant.now());
        kafka.send(new ReleaseTagged(moved), "/test");
        ReleaseFailed tagMoved = kafka.readEvents(ReleaseFailed.class, Topics.RELEASE_FAILED,
                f -> f.release().releaseId().equals(moved.releaseId()), 1, BUILD).get(0);
        assertThat(tagMoved.reason()).isEqualTo("tag-moved");
        assertThat(tagMoved.message()).contains(sample.commit());
    }

    // --- a model's own Dockerfile, a failing build, the REST API -----------------------------------------------

    @Test
    @Order(5)
    void ownDockerfileIsUsedAndAFailingBuildPublishesItsLogTail() throws InterruptedException {
        String model = model("own");
        Path bare = GitFixtures.bareRepository(dir, model);
        GitFixtures.WorkingCopy wc = GitFixtures.clone(bare, dir.resolve(model + "-wc"))
                .write("Dockerfile", "FROM relay/python-base:3.11\nRUN echo built-from-own-dockerfile > /own-marker\nCOPY app.py /app.py\n")
                .write("app.py", "print('own')\n");
        String good = wc.commit("own dockerfile");
        wc.tagLightweight("v1.0.0");
        wc.write("Dockerfile", "FROM relay/python-base:3.11\nRUN echo about-to-fail-" + RUN + " && exit 3\n");
        String bad = wc.commit("broken");
        wc.tagLightweight("v1.0.1").push();
        Release ok = Release.of(model, "v1.0.0", bare.toUri().toString(), good, "tester", Instant.now());
        Release broken = Release.of(model, "v1.0.1", bare.toUri().toString(), bad, "tester", Instant.now());
        kafka.send(new ReleaseTagged(ok), "/test");
        kafka.send(new ReleaseTagged(broken), "/test");

        ImageBuilt built = awaitBuilt(ok, 1).get(0);
        assertThat(built.requirements()).isEmpty();
        assertThat(docker("run", "--rm", "--network", "none", built.image().ref(), "cat", "/own-marker").output())
                .contains("built-from-own-dockerfile");

        ReleaseFailed failed = awaitFailed(broken);
        assertThat(failed.reason()).isEqualTo("build-failed");
        assertThat(failed.detail()).contains("about-to-fail-" + RUN);

        // by hand, over REST: the same release again is recognised and not rebuilt
        String releaseId = given().contentType("application/json")
                .body(Map.of("repoUrl", ok.repoUrl(), "version", "v1.0.0", "model", model))
                .when().post("/builds").then().statusCode(202).extract().path("releaseId");
        assertThat(releaseId).isEqualTo(ok.releaseId());
        String state = "queued";
        long deadline = System.nanoTime() + BUILD.toNanos();
        while (!state.equals("succeeded") && !state.equals("failed") && System.nanoTime() < deadline) {
            state = given().when().get("/builds/" + releaseId).then().statusCode(200).extract().path("state");
            if (!state.equals("succeeded") && !state.equals("failed")) {
                Thread.sleep(200);
            }
        }
        given().when().get("/builds/" + releaseId).then().statusCode(200)
                .body("state", equalTo("succeeded")).body("image", equalTo(model + ":v1.0.0"));
        given().when().get("/builds/" + broken.releaseId()).then().statusCode(200)
                .body("state", equalTo("failed")).body("reason", equalTo("build-failed"))
                .body("logTail", containsString("about-to-fail-" + RUN));
    }

    @Test
    @Order(6)
    void restRejectsBadInputWithAProblemAndReadinessPingsTheEngine() {
        given().contentType("application/json").body(Map.of("repoUrl", "x", "version", "not a tag"))
                .when().post("/builds").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400)).body("detail", containsString("version"));
        given().contentType("application/json").body("{").when().post("/builds").then().statusCode(400)
                .contentType("application/problem+json");
        given().when().get("/builds/nobody@v0").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/q/health/ready").then().statusCode(200).body(containsString("docker-engine"));
    }

    // --- a campaign's rebuild of the sample model ----------------------------------------------------------------

    @Test
    @Order(7)
    void campaignRebuildsTheSampleReleaseWithTheCampaignPinAndReplaysIt() {
        // the only base image on this engine: the campaign changes the platform package, not the interpreter
        Campaign campaign = new Campaign("it-" + RUN, "promote 1.11", "relay/python-base:3.11", "promote==1.11",
                Campaign.Step.rebuild);
        Release rebuild = rebuildOf(sample, campaign);
        kafka.send(new RebuildRequested(rebuild, campaign), "/test");

        ImageBuilt built = awaitBuilt(rebuild, 1).get(0);
        assertThat(built.campaign()).isEqualTo(campaign);
        assertThat(built.image().ref()).isEqualTo(sample.model() + ":v1.0.0-it-" + RUN);
        assertThat(built.image().baseImage()).isEqualTo("relay/python-base:3.11");
        assertThat(built.requirements()).containsExactly(Map.entry("promote", "1.11"), Map.entry("tinymath", "2.0.1"),
                Map.entry("tinyutil", "1.3.0"));
        String labels = docker("image", "inspect", "--format", "{{json .Config.Labels}}", built.image().ref()).output();
        assertThat(labels).contains("\"dev.relay.campaign\":\"it-" + RUN + "\"",
                "\"dev.relay.release-id\":\"" + rebuild.releaseId() + "\"", "\"org.opencontainers.image.revision\":\"" + sample.commit() + "\"");
        assertThat(docker("run", "--rm", "--network", "none", built.image().ref(), "python", "-c",
                "import promote, tinymath; print(promote.__version__, tinymath.__version__)").output()).contains("1.11 2.0.1");

        // a re-delivery announces the same image again
        kafka.send(new RebuildRequested(rebuild, campaign), "/test");
        List<ImageBuilt> both = awaitBuilt(rebuild, 2);
        assertThat(both.get(1)).isEqualTo(new ImageBuilt(built.release(), built.image(), built.requirements(), 0,
                built.modelConfig(), campaign));
        assertThat(docker("images", "-q", "--filter", "label=dev.relay.release-id=" + rebuild.releaseId()).output().strip()
                .lines().distinct()).hasSize(1);
    }

    @Test
    @Order(8)
    void campaignOnAMissingBaseFailsAndABadRecordIsDeadLettered() {
        String garbage = "{\"not\": \"a rebuild " + RUN + "\"}";
        kafka.send(Topics.REBUILD_REQUESTED, "garbage", garbage, Map.of("ce_type", "dev.relay.rebuild.requested.v1"));
        Campaign campaign = new Campaign("gone-" + RUN, "no such base", "relay/python-base:0.0-" + RUN, null,
                Campaign.Step.rebuild);
        Release rebuild = rebuildOf(sample, campaign);
        kafka.send(new RebuildRequested(rebuild, campaign), "/test");

        ReleaseFailed failed = awaitFailed(rebuild);
        assertThat(failed.reason()).isEqualTo("base-image-missing");
        assertThat(failed.message()).contains("relay/python-base:0.0-" + RUN);
        assertThat(docker("images", "-q", "--filter", "label=dev.relay.campaign=gone-" + RUN).output().strip()).isEmpty();
        ConsumerRecord<String, String> dead = kafka.read(Topics.dlq(Topics.REBUILD_REQUESTED), r -> garbage.equals(r.value()), 1,
                Duration.ofSeconds(60)).get(0);
        assertThat(KafkaTestClient.headers(dead).toString()).contains("release: is required");
    }

    // -------------------------------------------------------------------------------------------------------

    private static Release rebuildOf(Release release, Campaign campaign) {
        return new Release(Campaign.releaseIdOf(release.model(), release.version(), campaign.campaignId(), Campaign.Step.rebuild),
                release.model(), release.version(), release.repoUrl(), release.commit(), release.taggedBy(), release.taggedAt());
    }

    private static String model(String prefix) {
        String model = prefix + "-" + RUN;
        MODELS.add(model);
        return model;
    }

    private static List<ImageBuilt> awaitBuilt(Release release, int count) {
        return kafka.readEvents(ImageBuilt.class, Topics.IMAGE_BUILT, e -> e.release().releaseId().equals(release.releaseId()),
                count, BUILD);
    }

    private static ReleaseFailed awaitFailed(Release release) {
        return kafka.readEvents(ReleaseFailed.class, Topics.RELEASE_FAILED,
                f -> f.release().releaseId().equals(release.releaseId()), 1, BUILD).get(0);
    }

    private static Processes.Result docker(String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return Processes.run(Path.of("."), Map.of(), Duration.ofMinutes(2), command).requireSuccess();
    }
}
