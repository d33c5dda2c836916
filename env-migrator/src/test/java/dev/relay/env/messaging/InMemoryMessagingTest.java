package dev.relay.env.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.env.core.FakeProbe;
import dev.relay.env.core.ImageProbe;
import dev.relay.env.core.ImagePuller;
import dev.relay.env.core.ModelConfigSource;
import dev.relay.env.core.ProbeResult;
import dev.relay.env.git.JGitModelConfigSource;
import dev.relay.events.CloudEvents;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.GitOps;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.InvalidEventException;
import dev.relay.events.ModelConfig;
import dev.relay.events.ModelInfoReverted;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseRolledBack;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.Rollback;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.testkit.GitFixtures;
import dev.relay.testkit.KafkaRecords;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service's messaging and REST with the in-memory connector and a fake probe (no Docker, no broker). */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class InMemoryMessagingTest {

    static final String COMMIT = "a".repeat(40);
    /** The image of the golden image.built, with the packages its requirements pin. */
    static final String GOLDEN_IMAGE = GoldenEvents.event(ImageBuilt.class).image().ref();

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    EventCodec codec;

    FakeProbe probe;

    @BeforeEach
    void fakes() {
        probe = new FakeProbe();
        probe.images.put("mem:v1", Map.of("promote", "1.10", "tiny-dep", "2.0.0"));
        probe.images.put("mem:v2", Map.of("promote", "1.11", "tiny-dep", "2.0.0"));
        probe.images.put(GOLDEN_IMAGE, Map.of("promote", "1.10", "requests", "2.32.3"));
        QuarkusMock.installMockForType(probe, ImageProbe.class);
        // the fake probe's images are in no registry: nothing to pull (RegistryPullTest pulls for real)
        QuarkusMock.installMockForType(ImagePuller.NONE, ImagePuller.class);
        ModelConfigSource configs = (repo, commit) -> new ModelConfig(true, null, null, ">=3.8,<3.12",
                List.of("python -c ok"), false, null);
        QuarkusMock.installMockForType(configs, ModelConfigSource.class);
        connector.sink("env-verified").clear();
        connector.sink("release-failed").clear();
        connector.sink("release-status").clear();
        connector.sink("release-rolledback").clear();
    }

    static Release release(String model, String version) {
        return Release.of(model, version, "file:///repos/" + model + ".git", COMMIT, "dev", Instant.parse("2026-01-01T00:00:00Z"));
    }

    static ImageBuilt built(String model, String version, Map<String, String> pins) {
        return new ImageBuilt(release(model, version), new Image("mem:" + version, "sha256:1", null, 1, "relay/python-base:3.11"),
                pins, 2.0);
    }

    void send(String channel, Message<String> record) {
        connector.source(channel).send(record);
    }

    void send(RelayEvent event) {
        send(switch (event.type()) {
            case IMAGE_BUILT -> "image-built";
            case MODELINFO_REVERTED -> "modelinfo-reverted";
            default -> "gitops-updated";
        }, KafkaRecords.event(event));
    }

    <T extends RelayEvent> List<T> events(String channel, Class<T> type) {
        InMemorySink<String> sink = connector.sink(channel);
        return sink.received().stream().map(Message::getPayload).map(p -> codec.decode(type, p)).toList();
    }

    static void until(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition reached").isTrue();
    }

    @Test
    void theGoldenImageBuiltIsVerifiedWithItsOwnRelayYamlWithoutTouchingGit() throws Exception {
        List<String> gitReads = new CopyOnWriteArrayList<>();
        QuarkusMock.installMockForType((ModelConfigSource) (repo, commit) -> {
            gitReads.add(repo);
            throw new AssertionError("git read although image.built carries relay.yaml");
        }, ModelConfigSource.class);
        Release release = Release.of("hello-model", "v0.1.1", "file:///repos/hello-model.git", COMMIT, "dev",
                Instant.parse("2026-11-21T10:15:30Z"));
        ImageBuilt golden = GoldenEvents.event(ImageBuilt.class, release);

        send("image-built", KafkaRecords.event(EventType.IMAGE_BUILT, GoldenEvents.json(EventType.IMAGE_BUILT, release)));

        until(() -> connector.sink("env-verified").received().size() == 1);
        EnvVerified v = events("env-verified", EnvVerified.class).get(0);
        assertThat(v.release()).isEqualTo(release);
        assertThat(v.image()).isEqualTo(golden.image());
        assertThat(v.modelConfig()).isEqualTo(golden.modelConfig());
        assertThat(v.checks()).extracting("name", "passed").containsExactly(tuple("requirements", true),
                tuple("pip-check", true), tuple("python", true), tuple("verify[0]", true));
        assertThat(v.checks().get(2).detail()).isEqualTo("3.11.2 satisfies >=3.10,<3.12");
        assertThat(probe.verifyAsked).containsExactly(List.of("python -c 'import promote'"));
        assertThat(gitReads).isEmpty();
        until(() -> connector.sink("release-status").received().size() == 2);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("relay_stage_runs_total{reason=\"none\",result=\"succeeded\",stage=\"env-migrator\""))
                .body(containsString("relay_stage_duration_seconds_bucket{result=\"succeeded\",stage=\"env-migrator\""));
    }

    @Test
    void anImageBuiltWithoutRelayYamlFallsBackToReadingItFromGit() throws Exception {
        Path tmp = Files.createTempDirectory("relay-env-inmem");
        Path bare = GitFixtures.bareRepository(tmp, "hello-model");
        String commit;
        try (GitFixtures.WorkingCopy wc = GitFixtures.clone(bare, tmp.resolve("work"))) {
            wc.write("relay.yaml", "python: \">=3.11\"\nverify:\n  - echo read-from-git\n");
            commit = wc.commit("v1");
            wc.push();
        }
        JGitModelConfigSource real = new JGitModelConfigSource(tmp.resolve("cache"), Duration.ofSeconds(10));
        List<String> gitReads = new CopyOnWriteArrayList<>();
        QuarkusMock.installMockForType((ModelConfigSource) (repo, c) -> {
            gitReads.add(repo + "@" + c);
            return real.load(repo, c);
        }, ModelConfigSource.class);
        Release release = Release.of("hello-model", "v0.1.2", bare.toUri().toString(), commit, "dev",
                Instant.parse("2026-11-21T10:15:30Z"));
        String olderProducer = GoldenEvents.without(GoldenEvents.json(EventType.IMAGE_BUILT, release), "modelConfig");

        send("image-built", KafkaRecords.event(EventType.IMAGE_BUILT, olderProducer));

        until(() -> connector.sink("env-verified").received().size() == 1);
        EnvVerified v = events("env-verified", EnvVerified.class).get(0);
        assertThat(gitReads).containsExactly(bare.toUri() + "@" + commit);
        assertThat(probe.verifyAsked).containsExactly(List.of("echo read-from-git"));
        assertThat(v.checks().get(2).detail()).isEqualTo("3.11.2 satisfies >=3.11");
        assertThat(v.modelConfig()).as("nothing carried, nothing forwarded").isNull();
    }

    @Test
    void aRecordWithAWrongOrMissingCeTypeIsNackedNamingTheHeaderAndTheConsumerCarriesOn() throws Exception {
        List<Throwable> nacks = new CopyOnWriteArrayList<>();
        String json = GoldenEvents.json(EventType.IMAGE_BUILT);
        send("image-built", KafkaRecords.record("image.built", "hello-model", json,
                Map.of(CloudEvents.TYPE, "dev.relay.release.tagged.v1")).withNack(e -> {
                    nacks.add(e);
                    return CompletableFuture.completedFuture(null);
                }));
        send("image-built", KafkaRecords.record("image.built", "hello-model", json, Map.of()).withNack(e -> {
            nacks.add(e);
            return CompletableFuture.completedFuture(null);
        }));
        send("gitops-updated", KafkaRecords.record("gitops.updated", "hello-model", GoldenEvents.json(EventType.GITOPS_UPDATED),
                Map.of(CloudEvents.TYPE, "dev.relay.image.built.v1")).withNack(e -> {
                    nacks.add(e);
                    return CompletableFuture.completedFuture(null);
                }));
        send(built("mem-after", "v1", Map.of()));

        until(() -> connector.sink("env-verified").received().size() == 1);
        assertThat(events("env-verified", EnvVerified.class).get(0).release().model()).isEqualTo("mem-after");
        until(() -> nacks.size() == 3);
        assertThat(nacks).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(InvalidEventException.class,
                i -> assertThat(i.field()).isEqualTo("ce_type")));
        assertThat(nacks).extracting(Throwable::getMessage).containsExactlyInAnyOrder(
                "ce_type: 'dev.relay.release.tagged.v1' is not dev.relay.image.built.v1",
                "ce_type: header is missing (expected 'dev.relay.image.built.v1')",
                "ce_type: 'dev.relay.image.built.v1' is not dev.relay.gitops.updated.v1");
        assertThat(probe.probes).as("only the valid record was probed").isEqualTo(1);
    }

    @Test
    void aMalformedRecordIsNackedWithTheFieldAtFaultAndTheConsumerCarriesOn() throws Exception {
        List<Throwable> nacks = new CopyOnWriteArrayList<>();
        String badModel = GoldenEvents.json(EventType.IMAGE_BUILT).replaceFirst("\"model\" : \"hello-model\"", "\"model\" : \"Bad Name\"");
        send("image-built", KafkaRecords.record("image.built", "x", badModel,
                Map.of(CloudEvents.TYPE, EventType.IMAGE_BUILT.ceType())).withNack(e -> {
                    nacks.add(e);
                    return CompletableFuture.completedFuture(null);
                }));
        send(built("mem-after2", "v1", Map.of()));
        until(() -> connector.sink("env-verified").received().size() == 1);
        assertThat(events("env-verified", EnvVerified.class).get(0).release().model()).isEqualTo("mem-after2");
        until(() -> nacks.size() == 1);
        assertThat(nacks.get(0)).isInstanceOfSatisfying(InvalidEventException.class, e -> {
            assertThat(e.field()).isEqualTo("release.model");
            assertThat(e.getMessage()).contains("'Bad Name' is not a model name");
        });
    }

    @Test
    void verifiesPublishesStatusCutsOverAndRollsBack() throws Exception {
        send(built("mem-model", "v1", Map.of("promote", "1.10")));
        until(() -> connector.sink("env-verified").received().size() == 1);
        EnvVerified v1 = events("env-verified", EnvVerified.class).get(0);
        assertThat(v1.release().releaseId()).isEqualTo("mem-model@v1");
        assertThat(v1.checks()).allMatch(dev.relay.events.Check::passed);
        until(() -> connector.sink("release-status").received().size() == 2);
        assertThat(events("release-status", ReleaseStatus.class)).extracting(ReleaseStatus::state, ReleaseStatus::stage)
                .containsExactly(tuple(ReleaseStatus.State.started, "env-migrator"),
                        tuple(ReleaseStatus.State.succeeded, "env-migrator"));

        // Re-delivery: the same three events with the earlier result, no second probe.
        send(built("mem-model", "v1", Map.of("promote", "1.10")));
        until(() -> connector.sink("release-status").received().size() == 4);
        assertThat(events("env-verified", EnvVerified.class)).hasSize(2).element(1).isEqualTo(v1);
        assertThat(events("release-status", ReleaseStatus.class)).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded,
                        ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(probe.probes).isEqualTo(1);

        send(gitops("mem-model", "v1"));
        until(() -> given().get("/environments/mem-model/current").statusCode() == 200);

        send(built("mem-model", "v2", Map.of("promote", "1.11")));
        until(() -> connector.sink("env-verified").received().size() == 3);
        EnvVerified v2 = events("env-verified", EnvVerified.class).get(2);
        assertThat(v2.diff().upgraded()).extracting("name", "from", "to").containsExactly(tuple("promote", "1.10", "1.11"));

        send(gitops("mem-model", "v2"));
        until(() -> "mem-model@v2".equals(given().get("/environments/mem-model/current").path("releaseId")));

        given().post("/environments/mem-model/rollback").then().statusCode(200)
                .body("current", equalTo("mem-model@v1")).body("redeployImage", equalTo("mem:v1"))
                .body("retired", equalTo("mem-model@v2"));
        given().get("/environments/mem-model").then().statusCode(200)
                .body("releaseId", equalTo(List.of("mem-model@v2", "mem-model@v1")))
                .body("state", equalTo(List.of("retired", "current")));
        given().post("/environments/mem-model/rollback").then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409)).body("reason", equalTo("conflict"))
                .body("type", equalTo("urn:relay:problem:conflict")).body("title", equalTo("Conflict"));
        given().get("/environments/mem-model/diff?from=mem-model@v1&to=mem-model@v2").then().statusCode(200)
                .body("diff.upgraded[0].name", equalTo("promote"));
        given().get("/environments/mem-model/mem-model@v1/spec?format=requirements").then().statusCode(200)
                .body(containsString("promote==1.10\ntiny-dep==2.0.0\n"));
        given().get("/environments/mem-model/mem-model@v1/spec?format=conda").then().statusCode(200)
                .body(containsString("  - python=3.11.2\n"));
        given().get("/environments/mem-model/mem-model@v1/spec?format=poetry").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'requirements' or 'conda'"));
        given().get("/environments/mem-model/diff?from=mem-model@v1").then().statusCode(400)
                .contentType("application/problem+json").body("reason", equalTo("invalid-request"));
        given().get("/environments/mem-model/diff?from=mem-model@v1&to=mem-model@v9").then().statusCode(404)
                .body("reason", equalTo("not-found"));
    }

    @Test
    void aFailedCheckPublishesReleaseFailedWithTheReport() throws Exception {
        send(built("mem-bad", "v1", Map.of("promote", "1.9")));
        until(() -> connector.sink("release-failed").received().size() == 1);
        ReleaseFailed f = events("release-failed", ReleaseFailed.class).get(0);
        assertThat(f.stage()).isEqualTo("env-migrator");
        assertThat(f.reason()).isEqualTo("env-mismatch");
        assertThat(f.detail()).isEqualTo("FAILED requirements: promote: declared 1.9, installed 1.10");
        assertThat(connector.sink("env-verified").received()).isEmpty();
        until(() -> connector.sink("release-status").received().size() == 2);
        assertThat(events("release-status", ReleaseStatus.class).get(1).state()).isEqualTo(ReleaseStatus.State.failed);
    }

    @Test
    void startedIsPublishedBeforeTheProbe() throws Exception {
        List<Integer> statusesAtProbe = new CopyOnWriteArrayList<>();
        FakeProbe watching = new FakeProbe() {
            @Override
            public ProbeResult probe(String imageRef, List<String> verifyCommands) {
                statusesAtProbe.add(connector.sink("release-status").received().size());
                return super.probe(imageRef, verifyCommands);
            }
        };
        watching.images.putAll(probe.images);
        QuarkusMock.installMockForType(watching, ImageProbe.class);
        send(built("mem-early", "v1", Map.of()));
        until(() -> connector.sink("release-status").received().size() == 2);
        assertThat(statusesAtProbe).containsExactly(1);
        assertThat(events("release-status", ReleaseStatus.class).get(0).state()).isEqualTo(ReleaseStatus.State.started);
    }

    @Test
    void anUnexpectedErrorEndsTheReleaseWithInternalErrorAndTheConsumerCarriesOn() throws Exception {
        ModelConfigSource broken = (repo, commit) -> {
            if (repo.contains("mem-boom")) {
                // Not a ConfigException: e.g. an unchecked JGit or MongoDB error, with a secret in its message.
                throw new IllegalStateException("cannot reach https://user:s3cret@git.example/mem-boom.git");
            }
            return new ModelConfig(true, null, null, ">=3.8,<3.12", List.of(), false, null);
        };
        QuarkusMock.installMockForType(broken, ModelConfigSource.class);
        send(built("mem-boom", "v1", Map.of()));
        send(built("mem-fine", "v1", Map.of()));
        until(() -> connector.sink("env-verified").received().size() == 1);
        assertThat(events("env-verified", EnvVerified.class).get(0).release().model()).isEqualTo("mem-fine");

        List<ReleaseFailed> failed = events("release-failed", ReleaseFailed.class);
        assertThat(failed).hasSize(1);
        ReleaseFailed f = failed.get(0);
        assertThat(f.release().releaseId()).isEqualTo("mem-boom@v1");
        assertThat(f.stage()).isEqualTo("env-migrator");
        assertThat(f.reason()).isEqualTo("internal-error");
        assertThat(f.message()).isEqualTo("env-migrator failed unexpectedly (IllegalStateException); the service log has the details");
        assertThat(f.detail()).isNull();
        until(() -> connector.sink("release-status").received().size() == 4);
        // Two models run side by side (ModelLanes): each one's statuses in order, the two interleaved in any way.
        List<ReleaseStatus> statuses = events("release-status", ReleaseStatus.class);
        assertThat(statuses).filteredOn(s -> s.release().model().equals("mem-boom")).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
        assertThat(statuses).filteredOn(s -> s.release().model().equals("mem-fine")).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        // Nothing was recorded for the broken release: a re-delivery verifies it again.
        given().get("/environments/mem-boom").then().statusCode(404);
    }

    @Test
    void restRejectsBadInputNamingTheFieldAndUnknownModels() {
        given().get("/environments/Not_A_Model").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Bad Request")).body("reason", equalTo("invalid-request"))
                .body("type", equalTo("urn:relay:problem:invalid-request")).body("status", equalTo(400))
                .body("detail", equalTo("model: 'Not_A_Model' is not a model name ([a-z0-9][a-z0-9-]{0,62})"));
        given().get("/environments/never-seen").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("reason", equalTo("not-found"))
                .body("detail", equalTo("no environment of model never-seen was ever verified"));
        given().get("/environments/never-seen/current").then().statusCode(404);
        given().post("/environments/never-seen/rollback").then().statusCode(404);
        given().contentType("application/json").body("{\"model\": \"x\"}").post("/verifications").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("image: is required"));
        given().contentType("application/json").body("{\"model\": \"x\", \"image\": \"evil;rm -rf /\"}").post("/verifications")
                .then().statusCode(400).contentType("application/problem+json").body("reason", equalTo("invalid-request"))
                .body("detail", containsString("image: 'evil;rm -rf /' is not an image reference"));
        given().contentType("application/json")
                .body("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"promote\": \"1.10; rm -rf /\"}}")
                .post("/verifications").then().statusCode(400)
                .body("detail", equalTo("requirements.promote: '1.10; rm -rf /' is not a PEP 440 version"));
        given().contentType("application/json")
                .body("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"pro mote\": \"1.10\"}}")
                .post("/verifications").then().statusCode(400)
                .body("detail", equalTo("requirements: 'pro mote' is not a package name"));
        given().contentType("application/json").body("{not json").post("/verifications").then().statusCode(400)
                .contentType("application/problem+json").body("reason", equalTo("invalid-request"));
        given().contentType("application/json").body("{\"model\": \"x\", \"image\": \"nope:1\"}").post("/verifications")
                .then().statusCode(404).body("reason", equalTo("image-not-found"))
                .body("detail", equalTo("the engine has no image nope:1"));
        assertThat(probe.probes).as("nothing invalid reached the probe").isZero();
        given().contentType("application/json")
                .body("{\"model\": \"x\", \"image\": \"mem:v1\", \"requirements\": {\"Tiny_Dep\": \"2.0\"}}")
                .post("/verifications").then().statusCode(200).body("passed", equalTo(true))
                .body("environment.packages.promote", equalTo("1.10"))
                // No labels on the image, so no relay.yaml to read: pins, pip check and python only.
                .body("checks.name", equalTo(List.of("requirements", "pip-check", "python")));
        given().get("/environments/x").then().statusCode(404);
        assertThat(connector.sink("env-verified").received()).as("a verification by hand publishes nothing").isEmpty();
        assertThat(connector.sink("release-status").received()).isEmpty();
    }

    static GitOpsUpdated gitops(String model, String version) {
        return new GitOpsUpdated(release(model, version), new Image("mem:" + version, "sha256:1", null, 1, "relay/python-base:3.11"),
                new GitOps("file:///gitops.git", "main", "b".repeat(40), List.of("deploy/deployment.yml"), "mem:old",
                        "mem:" + version, false));
    }

    /** modelinfo.reverted of the rollback {@code <model>@<to>~rollback-<suffix>}, undoing {@code undone} (newest first). */
    static ModelInfoReverted reverted(String model, String to, String suffix, boolean dryRun, String... undone) {
        String id = Rollback.idOf(model, to, suffix);
        Release r = release(model, to);
        List<Rollback.RolledBackRelease> releases = java.util.Arrays.stream(undone).map(v -> new Rollback.RolledBackRelease(
                Release.releaseIdOf(model, v), v, COMMIT, "mem:" + v, List.of())).toList();
        return new ModelInfoReverted(new Release(id, model, to, r.repoUrl(), r.commit(), r.taggedBy(), r.taggedAt()),
                new Rollback(id, model, undone.length == 0 ? null : undone[0], to, "answers 500", dryRun, releases),
                List.of(new ModelInfoReverted.RevertedMigration("1700000000000_add-baz", Release.releaseIdOf(model, undone[0]), 3, 3)),
                "modelinfo", 12);
    }

    /** Verifies v1 and v2 of the model and deploys them one after the other: v2 current. */
    void deployedTwice(String model) throws InterruptedException {
        int verified = connector.sink("env-verified").received().size();
        send(built(model, "v1", Map.of("promote", "1.10")));
        send(built(model, "v2", Map.of("promote", "1.11")));
        until(() -> connector.sink("env-verified").received().size() == verified + 2);
        send(gitops(model, "v1"));
        send(gitops(model, "v2"));
        until(() -> (model + "@v2").equals(given().get("/environments/" + model + "/current").path("releaseId")));
        connector.sink("release-status").clear();
    }

    @Test
    void aModelInfoRevertedMakesTheTargetCurrentAndEndsTheRollbackWithReleaseRolledBack() throws Exception {
        deployedTwice("mem-rb");
        ModelInfoReverted event = reverted("mem-rb", "v1", "r1", false, "v2");

        send(event);

        until(() -> connector.sink("release-rolledback").received().size() == 1);
        ReleaseRolledBack r = events("release-rolledback", ReleaseRolledBack.class).get(0);
        assertThat(r.release()).isEqualTo(event.release());
        assertThat(r.release().releaseId()).isEqualTo("mem-rb@v1~rollback-r1");
        assertThat(r.rollback()).isEqualTo(event.rollback());
        assertThat(r.environment().from()).isEqualTo("mem-rb@v2");
        assertThat(r.environment().to()).isEqualTo("mem-rb@v1");
        assertThat(r.environment().fromImage()).isEqualTo("mem:v2");
        assertThat(r.environment().toImage()).isEqualTo("mem:v1");
        assertThat(r.environment().diff().downgraded()).extracting("name", "from", "to")
                .containsExactly(tuple("promote", "1.11", "1.10"));
        Message<String> sent = connector.<String>sink("release-rolledback").received().get(0);
        OutgoingKafkaRecordMetadata<?> meta = sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(meta.getKey()).isEqualTo("mem-rb");
        assertThat(new String(meta.getHeaders().lastHeader(CloudEvents.TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo("dev.relay.release.rolledback.v1");
        until(() -> connector.sink("release-status").received().size() == 2);
        assertThat(events("release-status", ReleaseStatus.class))
                .extracting(s -> s.release().releaseId(), ReleaseStatus::stage, ReleaseStatus::state)
                .containsExactly(tuple("mem-rb@v1~rollback-r1", "env-migrator", ReleaseStatus.State.started),
                        tuple("mem-rb@v1~rollback-r1", "env-migrator", ReleaseStatus.State.succeeded));
        given().get("/environments/mem-rb/current").then().statusCode(200).body("releaseId", equalTo("mem-rb@v1"));
        given().get("/environments/mem-rb").then().statusCode(200)
                .body("releaseId", equalTo(List.of("mem-rb@v2", "mem-rb@v1")))
                .body("state", equalTo(List.of("rolledBack", "current")));
        given().get("/environments/mem-rb/diff?from=mem-rb@v2&to=mem-rb@v1").then().statusCode(200)
                .body("diff.downgraded[0].name", equalTo("promote"));
        given().get("/environments/mem-rb/mem-rb@v2/spec?format=requirements").then().statusCode(200)
                .body(containsString("promote==1.11\n"));

        // A late gitops.updated of the release undone does not make it current again (the next record shows it was read).
        deployedTwice("mem-rb-next");
        send(gitops("mem-rb", "v2"));
        send(gitops("mem-rb-next", "v1"));
        until(() -> "mem-rb-next@v1".equals(given().get("/environments/mem-rb-next/current").path("releaseId")));
        given().get("/environments/mem-rb/current").then().statusCode(200).body("releaseId", equalTo("mem-rb@v1"));

        // Re-delivery: the same three events, the stored outcome in the middle, nothing changed twice.
        connector.sink("release-status").clear();
        send(event);
        until(() -> connector.sink("release-status").received().size() == 2);
        assertThat(events("release-rolledback", ReleaseRolledBack.class)).hasSize(2).element(1).isEqualTo(r);
        assertThat(events("release-status", ReleaseStatus.class)).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        given().get("/environments/mem-rb").then().body("state", equalTo(List.of("rolledBack", "current")));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("relay_stage_runs_total{reason=\"none\",result=\"replayed\",stage=\"env-migrator\""));
    }

    @Test
    void aRollbackToAReleaseNeverVerifiedFailsWithTheRollbackIdAndChangesNothing() throws Exception {
        deployedTwice("mem-rb-unknown");

        send(reverted("mem-rb-unknown", "v0", "r1", false, "v2", "v1"));

        until(() -> connector.sink("release-failed").received().size() == 1);
        ReleaseFailed f = events("release-failed", ReleaseFailed.class).get(0);
        assertThat(f.release().releaseId()).isEqualTo("mem-rb-unknown@v0~rollback-r1");
        assertThat(f.reason()).isEqualTo("unknown-release");
        until(() -> connector.sink("release-status").received().size() == 2);
        assertThat(events("release-status", ReleaseStatus.class)).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
        assertThat(connector.sink("release-rolledback").received()).isEmpty();
        given().get("/environments/mem-rb-unknown").then().body("state", equalTo(List.of("current", "retired")));
    }

    @Test
    void anInvalidModelInfoRevertedIsNackedAndTheConsumerCarriesOn() throws Exception {
        deployedTwice("mem-rb-bad");
        List<Throwable> nacks = new CopyOnWriteArrayList<>();
        // A plain release id where the rollback's is meant (the release block comes first, the rollback block's id after).
        String plainId = codec.encodeToString(reverted("mem-rb-bad", "v1", "r1", false, "v2"))
                .replaceFirst("\"mem-rb-bad@v1~rollback-r1\"", "\"mem-rb-bad@v1\"");
        assertThat(plainId).contains("\"mem-rb-bad@v1\"");
        send("modelinfo-reverted", KafkaRecords.record("modelinfo.reverted", "mem-rb-bad", plainId,
                Map.of(CloudEvents.TYPE, EventType.MODELINFO_REVERTED.ceType())).withNack(e -> {
                    nacks.add(e);
                    return CompletableFuture.completedFuture(null);
                }));
        send("modelinfo-reverted", KafkaRecords.record("modelinfo.reverted", "mem-rb-bad",
                GoldenEvents.json(EventType.MODELINFO_REVERTED), Map.of(CloudEvents.TYPE, EventType.GITOPS_REVERTED.ceType()))
                .withNack(e -> {
                    nacks.add(e);
                    return CompletableFuture.completedFuture(null);
                }));
        send(reverted("mem-rb-bad", "v1", "r2", true, "v2"));

        until(() -> connector.sink("release-rolledback").received().size() == 1);
        ReleaseRolledBack dryRun = events("release-rolledback", ReleaseRolledBack.class).get(0);
        assertThat(dryRun.release().releaseId()).isEqualTo("mem-rb-bad@v1~rollback-r2");
        assertThat(dryRun.environment().from()).isEqualTo("mem-rb-bad@v2");
        until(() -> nacks.size() == 2);
        assertThat(nacks).allSatisfy(e -> assertThat(e).isInstanceOf(InvalidEventException.class));
        assertThat(nacks).extracting(e -> ((InvalidEventException) e).field()).containsExactly("release.releaseId", "ce_type");
        assertThat(nacks.get(1)).hasMessage("ce_type: 'dev.relay.gitops.reverted.v1' is not dev.relay.modelinfo.reverted.v1");
        until(() -> connector.sink("release-status").received().size() == 2);
        assertThat(events("release-status", ReleaseStatus.class)).extracting(s -> s.release().releaseId())
                .containsOnly("mem-rb-bad@v1~rollback-r2");
        // The dry run changed nothing.
        given().get("/environments/mem-rb-bad/current").then().body("releaseId", equalTo("mem-rb-bad@v2"));
        given().get("/environments/mem-rb-bad").then().body("state", equalTo(List.of("current", "retired")));
    }
}
