package dev.relay.env.messaging;

import dev.relay.events.Pep503;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.env.TestImages;
import dev.relay.env.core.VerifyStage;
import dev.relay.events.Check;
import dev.relay.events.CloudEvents;
import dev.relay.events.EnvVerified;
import dev.relay.events.GitOps;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.ModelConfig;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.Topics;
import dev.relay.testkit.GitFixtures;
import dev.relay.testkit.Infra;
import dev.relay.testkit.KafkaBrokerResource;
import dev.relay.testkit.KafkaTestClient;
import dev.relay.testkit.Processes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole service on real infrastructure: image.built from a real broker, images built from local
 * wheels and probed by the real engine, relay.yaml read with JGit from a bare repository, history in
 * a MongoDB wire-protocol server, cutover from gitops.updated, rollback and spec export over REST.
 */
@QuarkusTest
@TestProfile(RealBrokerProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealBrokerEndToEndTest {

    static final String MODEL = "hello-model";
    static final Duration WAIT = Duration.ofSeconds(120);
    static Path tmp;
    static String repoUrl;
    static String c1;
    static String c2;
    static String c3;
    static KafkaTestClient kafka;

    @Inject
    VerifyStage verifier;

    /** relay.yaml at c1 and c2, as image-builder would carry it in image.built. */
    static ModelConfig relayYamlV1;

    @BeforeAll
    static void setUp() throws Exception {
        Infra.requireDocker();
        tmp = Files.createTempDirectory("relay-env-e2e");
        Path bare = GitFixtures.bareRepository(tmp, MODEL);
        repoUrl = bare.toUri().toString();
        try (GitFixtures.WorkingCopy wc = GitFixtures.clone(bare, tmp.resolve("work"))) {
            String checkEnv = "python -c \"import sys, promote; print('check_env', sys.version.split()[0], promote.__version__)\"";
            wc.write("relay.yaml", "model: hello-model\npython: \">=3.8,<3.12\"\nverify:\n  - " + yamlQuote(checkEnv) + "\n");
            relayYamlV1 = new ModelConfig(true, MODEL, null, ">=3.8,<3.12", List.of(checkEnv), false, null);
            c1 = wc.commit("v1");
            wc.write("requirements.txt", "promote==1.11\n");
            c2 = wc.commit("v2");
            wc.write("relay.yaml", "python: \">=3.8,<3.12\"\nverify:\n  - " + yamlQuote(checkEnv) + "\n"
                    + "  - " + yamlQuote("python -c \"import sys; print('checking tiny_dep'); sys.exit('boom: tiny_dep too old')\"") + "\n");
            c3 = wc.commit("v3");
            wc.push();
        }
        TestImages.ensure(TestImages.A);
        TestImages.ensure(TestImages.B);
        TestImages.ensure(TestImages.ORPHAN);
        kafka = new KafkaTestClient(KafkaBrokerResource.bootstrapServers());
    }

    @AfterAll
    static void tearDown() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static String yamlQuote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static ImageBuilt built(String version, String commit, String image, Map<String, String> pins, ModelConfig carried) {
        Release r = Release.of(MODEL, version, repoUrl, commit, "dev", Instant.parse("2026-01-01T00:00:00Z"));
        return new ImageBuilt(r, new Image(TestImages.ref(image), "sha256:unknown", null, 1, "relay/python-base:3.11"), pins, 3.0,
                carried);
    }

    /** An image.built of an older producer, without relay.yaml: env-migrator reads it from git. */
    static ImageBuilt built(String version, String commit, String image, Map<String, String> pins) {
        return built(version, commit, image, pins, null);
    }

    /** The bare clones env-migrator keeps of model repositories. */
    static long gitClones() throws java.io.IOException {
        Path cache = Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("relay.env.git.cache-dir", String.class));
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (var clones = Files.list(cache)) {
            return clones.count();
        }
    }

    static GitOpsUpdated gitops(ImageBuilt b) {
        return new GitOpsUpdated(b.release(), b.image(), new GitOps("file:///gitops.git", "main", "b".repeat(40),
                List.of("apps/hello/deployment.yml"), "old", b.image().ref(), false));
    }

    static ImageBuilt v1() {
        Map<String, String> pins = new LinkedHashMap<>();
        pins.put("promote", "1.10");
        pins.put("Needs_Dep", "0.3");
        pins.put("tiny-dep", "2.0"); // PEP 440: equals the installed 2.0.0
        return built("v1", c1, TestImages.A, pins, relayYamlV1);
    }

    static ImageBuilt v2() {
        return built("v2", c2, TestImages.B, Map.of("promote", "1.11", "tiny-dep", "3.0.0", "extra", "0.1"));
    }

    static EnvVerified verified(String releaseId, int nth) {
        return kafka.readEvents(EnvVerified.class, Topics.ENV_VERIFIED, e -> e.release().releaseId().equals(releaseId), nth, WAIT)
                .get(nth - 1);
    }

    static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("condition reached").isTrue();
    }

    @Test
    @Order(1)
    void malformedRecordsGoToTheDlqAndTheConsumerCarriesOn() {
        kafka.send(Topics.IMAGE_BUILT, MODEL, "{\"release\": 42", Map.of(CloudEvents.TYPE, "dev.relay.image.built.v1"));
        kafka.send(Topics.IMAGE_BUILT, MODEL, new dev.relay.events.EventCodec().encodeToString(v1()), Map.of(CloudEvents.TYPE, "dev.relay.env.verified.v1"));
        List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.IMAGE_BUILT), 2, WAIT);
        assertThat(dead.get(0).value()).isEqualTo("{\"release\": 42");
        assertThat(KafkaTestClient.headers(dead.get(0)).get("dead-letter-reason"))
                .isEqualTo("release: Cannot construct instance of `dev.relay.events.Release` (although at least one Creator exists):"
                        + " no int/Int-argument constructor/factory method to deserialize from Number value (42)");
        assertThat(KafkaTestClient.headers(dead.get(1)).get("dead-letter-reason"))
                .isEqualTo("ce_type: 'dev.relay.env.verified.v1' is not dev.relay.image.built.v1");
        // The next valid record is still processed (checked by the next test: same consumer, later offset).
    }

    @Test
    @Order(2)
    void matchingPinsPassWithTheCarriedRelayYamlWithoutACloneAndReDeliveryDoesNotProbeTwice() throws Exception {
        kafka.send(v1(), "/relay/image-builder");
        EnvVerified e = verified(MODEL + "@v1", 1);
        assertThat(e.checks()).allMatch(Check::passed);
        assertThat(e.checks()).extracting(Check::name).containsExactly("requirements", "pip-check", "python", "verify[0]");
        assertThat(e.environment().python()).startsWith("3.11.");
        assertThat(e.environment().packages()).containsEntry("promote", "1.10").containsEntry("tiny-dep", "2.0.0");
        assertThat(e.checks().get(3).detail()).contains("check_env 3.11.").contains(" 1.10");
        assertThat(e.modelConfig()).isEqualTo(relayYamlV1);
        assertThat(gitClones()).as("the event carried relay.yaml: no clone, no fetch").isZero();
        List<ReleaseStatus> status = kafka.readEvents(ReleaseStatus.class, Topics.RELEASE_STATUS,
                s -> s.release().releaseId().equals(MODEL + "@v1"), 2, WAIT);
        assertThat(status).extracting(ReleaseStatus::state).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);

        long probes = verifier.probesRun();
        kafka.send(v1(), "/relay/image-builder");
        EnvVerified again = verified(MODEL + "@v1", 2);
        assertThat(again).isEqualTo(e);
        assertThat(verifier.probesRun()).isEqualTo(probes);
        // A re-delivery shows as every stage shows it: started, the stored outcome, succeeded.
        assertThat(kafka.readEvents(ReleaseStatus.class, Topics.RELEASE_STATUS,
                s -> s.release().releaseId().equals(MODEL + "@v1"), 4, WAIT)).extracting(ReleaseStatus::state)
                .containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded,
                        ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
    }

    @Test
    @Order(3)
    void twoReleasesDiffCutOverAndRollBack() throws Exception {
        kafka.send(gitops(v1()), "/relay/release-bumper");
        until(() -> given().get("/environments/" + MODEL + "/current").statusCode() == 200);

        kafka.send(v2(), "/relay/image-builder");
        EnvVerified e = verified(MODEL + "@v2", 1);
        assertThat(e.checks()).allMatch(Check::passed);
        assertThat(e.modelConfig()).isNull();
        assertThat(gitClones()).as("an older producer's image.built: relay.yaml read from one bare clone").isEqualTo(1);
        assertThat(e.checks()).extracting(Check::name).containsExactly("requirements", "pip-check", "python", "verify[0]");
        assertThat(e.diff().added()).extracting("name", "to").containsExactly(org.assertj.core.groups.Tuple.tuple("extra", "0.1"));
        assertThat(e.diff().removed()).extracting("name", "from").containsExactly(org.assertj.core.groups.Tuple.tuple("needs-dep", "0.3"));
        assertThat(e.diff().upgraded()).extracting("name", "from", "to", "flagged").containsExactly(
                org.assertj.core.groups.Tuple.tuple("promote", "1.10", "1.11", false),
                org.assertj.core.groups.Tuple.tuple("tiny-dep", "2.0.0", "3.0.0", true));
        assertThat(e.diff().downgraded()).isEmpty();
        assertThat(e.diff().python()).isNull();

        kafka.send(gitops(v2()), "/relay/release-bumper");
        until(() -> (MODEL + "@v2").equals(given().get("/environments/" + MODEL + "/current").path("releaseId")));
        given().get("/environments/" + MODEL).then().statusCode(200)
                .body("releaseId", equalTo(List.of(MODEL + "@v2", MODEL + "@v1")))
                .body("state", equalTo(List.of("current", "retired")));

        given().post("/environments/" + MODEL + "/rollback").then().statusCode(200)
                .body("current", equalTo(MODEL + "@v1")).body("redeployImage", equalTo(TestImages.ref(TestImages.A)));
        given().get("/environments/" + MODEL + "/current").then().statusCode(200).body("releaseId", equalTo(MODEL + "@v1"));
        given().get("/environments/" + MODEL).then().statusCode(200)
                .body("releaseId", equalTo(List.of(MODEL + "@v2", MODEL + "@v1")))
                .body("state", equalTo(List.of("retired", "current")));
        given().get("/environments/" + MODEL + "/diff?from=" + MODEL + "@v1&to=" + MODEL + "@v2").then().statusCode(200)
                .body("diff.removed[0].name", equalTo("needs-dep"));
    }

    @Test
    @Order(4)
    void theExportedRequirementsRecreateTheSamePackageSet() throws Exception {
        String spec = given().get("/environments/" + MODEL + "/" + MODEL + "@v1/spec?format=requirements")
                .then().statusCode(200).extract().asString();
        assertThat(spec).contains("promote==1.10\n").doesNotContain("pip==");
        Path dir = Files.createDirectories(tmp.resolve("spec"));
        Files.writeString(dir.resolve("requirements.txt"), spec);
        String out = Processes.run(dir, Duration.ofMinutes(3), "docker", "run", "--rm", "--network", "none",
                "-v", TestImages.wheels() + ":/wheels:ro", "-v", dir + ":/spec:ro", "relay/python-base:3.11", "sh", "-c",
                "python3 -m venv /v && /v/bin/pip install -q --no-index --find-links /wheels -r /spec/requirements.txt"
                        + " && /v/bin/pip list --format=json --disable-pip-version-check").requireSuccess().output();
        String json = out.lines().filter(l -> l.startsWith("[")).findFirst().orElseThrow();
        Map<String, String> recreated = new TreeMap<>();
        for (Map<String, String> d : new ObjectMapper().readValue(json, new TypeReference<List<Map<String, String>>>() { })) {
            recreated.put(Pep503.normalize(d.get("name")), d.get("version"));
        }
        Map<String, String> original = given().get("/environments/" + MODEL + "/current").then().statusCode(200)
                .extract().jsonPath().getMap("environment.packages", String.class, String.class);
        assertThat(recreated).isEqualTo(new TreeMap<>(original));
    }

    @Test
    @Order(5)
    void wrongPinBrokenRequirementsAndFailingVerifyAreAllReported() {
        kafka.send(built("v3", c3, TestImages.ORPHAN, Map.of("promote", "1.9")), "/relay/image-builder");
        ReleaseFailed f = kafka.readEvents(ReleaseFailed.class, Topics.RELEASE_FAILED,
                e -> e.release().releaseId().equals(MODEL + "@v3"), 1, WAIT).get(0);
        assertThat(f.reason()).isEqualTo("env-mismatch");
        assertThat(f.stage()).isEqualTo("env-migrator");
        assertThat(f.message()).contains("requirements").contains("pip-check").contains("verify[1]");
        assertThat(f.detail()).contains("promote: declared 1.9, installed 1.10")
                .contains("orphan 1.0 requires missing-thing, which is not installed")
                .contains("checking tiny_dep").contains("boom: tiny_dep too old");
        given().get("/environments/" + MODEL).then().body("state[0]", equalTo("failed"));
    }

    @Test
    @Order(6)
    void handVerificationAnswersTheFullReportAndHealthSeesTheEngine() throws Exception {
        TestImages.ensure(TestImages.NO_PYTHON);
        given().contentType("application/json")
                .body("{\"model\": \"adhoc\", \"image\": \"" + TestImages.ref(TestImages.NO_PYTHON) + "\"}")
                .post("/verifications").then().statusCode(200).body("passed", equalTo(false))
                .body("failure.reason", equalTo("no-python")).body("checks[0].detail", containsString("no Python interpreter"));
        given().contentType("application/json")
                .body("{\"model\": \"adhoc\", \"image\": \"" + TestImages.ref(TestImages.A) + "\", \"requirements\": {\"promote\": \"1.10\"}}")
                .post("/verifications").then().statusCode(200).body("passed", equalTo(true))
                .body("environment.packages.needs-dep", equalTo("0.3"));
        until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().body(containsString("docker-engine"));
    }
}
