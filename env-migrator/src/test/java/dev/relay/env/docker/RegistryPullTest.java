package dev.relay.env.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.relay.env.TestImages;
import dev.relay.env.core.HistoryStageResults;
import dev.relay.env.core.ImagePuller;
import dev.relay.env.core.InMemoryHistory;
import dev.relay.env.core.VerifyStage;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.ModelConfig;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.StageRunner;
import dev.relay.testkit.Infra;
import dev.relay.testkit.LocalRegistry;
import dev.relay.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe runs where the image is: an image pushed to a real registry (LocalRegistry, with credentials) and then
 * removed from the engine is pulled by its digest before it is probed, on the real engine, through the stage runner.
 */
class RegistryPullTest {

    private static final String USER = "relay";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final Map<String, String> PINS = new LinkedHashMap<>(Map.of("promote", "1.10", "needs-dep", "0.3"));

    private static DockerClient docker;
    private static LocalRegistry registry;
    private static String ref;
    private static String digest;
    private static String imageId;

    private final List<RelayEvent> published = new ArrayList<>();
    private final List<String> pulls = new ArrayList<>();

    @BeforeAll
    static void pushAnImageAndRemoveIt() throws Exception {
        Infra.requireDocker();
        Infra.requireCommand("docker");
        docker = DockerClients.create(DockerClients.defaultHost(), "1.41");
        registry = LocalRegistry.startWithCredentials(USER, PASSWORD);
        // An image of its own (a file with a nonce on test image A), so removing it removes its layer from the engine.
        Path ctx = Files.createTempDirectory("relay-env-pull");
        Files.writeString(ctx.resolve("nonce"), RUN + "\n");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestImages.ensure(TestImages.A) + "\nCOPY nonce /opt/nonce\n");
        ref = registry.address() + "/env-pull-" + RUN + "/hello:v1";
        Processes.run(ctx, Map.of("DOCKER_BUILDKIT", "0"), Duration.ofMinutes(3),
                List.of("docker", "build", "--network", "none", "-q", "-t", ref, ".")).requireSuccess();
        String repository = ref.substring(0, ref.lastIndexOf(':'));
        assertThat(docker.pushImageCmd(repository).withTag("v1").withAuthConfig(new AuthConfig()
                        .withRegistryAddress(registry.address()).withUsername(USER).withPassword(PASSWORD))
                .exec(new ResultCallback.Adapter<PushResponseItem>()).awaitCompletion(3, TimeUnit.MINUTES)).isTrue();
        digest = registry.manifestDigest("env-pull-" + RUN + "/hello", "v1").orElseThrow();
        imageId = docker.inspectImageCmd(ref).exec().getId();
    }

    /** Every test starts with the image only in the registry. */
    @BeforeEach
    void notOnTheEngine() {
        removeFromEngine();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (docker != null) {
            removeFromEngine();
            docker.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static void removeFromEngine() {
        // as `docker rmi -f <id>`: every tag and digest reference of it, and its own layer
        String id = Processes.run(Path.of("."), Duration.ofSeconds(30), "docker", "image", "inspect", "--format", "{{.Id}}", ref)
                .output().strip();
        if (id.startsWith("sha256:")) {
            Processes.run(Path.of("."), Duration.ofSeconds(60), "docker", "rmi", "-f", id).requireSuccess();
        }
        assertThat(Processes.run(Path.of("."), Duration.ofSeconds(30), "docker", "image", "inspect", ref).exitCode()).isNotZero();
    }

    @Test
    void aPushedImageTheEngineLacksIsPulledByDigestThenVerified() {
        RelayEvent outcome = runner(Optional.of(new DockerImagePuller.Registry(registry.address(), USER, PASSWORD)))
                .run(built("v1"));

        assertThat(pulls).containsExactly("pulled " + ref);
        assertThat(outcome).isInstanceOf(EnvVerified.class);
        EnvVerified verified = (EnvVerified) outcome;
        assertThat(verified.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        assertThat(verified.environment().packages()).containsEntry("promote", "1.10").containsEntry("needs-dep", "0.3");
        // The engine now holds the digest, under the event's tag too.
        String repoDigests = Processes.run(Path.of("."), Duration.ofSeconds(30), "docker", "image", "inspect", "--format",
                "{{json .RepoDigests}}", ref).requireSuccess().output();
        assertThat(repoDigests).contains(ref.substring(0, ref.lastIndexOf(':')) + "@" + digest);
        assertThat(registry.logText()).contains("GET /v2/env-pull-" + RUN + "/hello/manifests/" + digest);
        assertNowhere(PASSWORD);

        // Now on the engine: a second release of the same image needs no pull.
        pulls.clear();
        assertThat(runner(Optional.empty()).run(built("v1-again"))).isInstanceOf(EnvVerified.class);
        assertThat(pulls).containsExactly("present " + ref);
    }

    @Test
    void aPullWithRefusedCredentialsFailsTheReleaseWithoutThePassword() {
        String wrong = "wrong-" + UUID.randomUUID();
        RelayEvent outcome = runner(Optional.of(new DockerImagePuller.Registry(registry.address(), USER, wrong))).run(built("v2"));

        ReleaseFailed failed = (ReleaseFailed) outcome;
        assertThat(failed.reason()).isEqualTo("registry-unauthorized");
        assertThat(failed.message()).startsWith("the registry " + registry.address() + " refused the pull of "
                + ref.substring(0, ref.lastIndexOf(':')) + "@" + digest + " with the credentials of user 'relay'");
        assertNowhere(wrong);
    }

    @Test
    void aRegistryThatIsDownFailsThePullAsRegistryUnavailable() {
        registry.stop();
        try {
            ReleaseFailed failed = (ReleaseFailed) runner(Optional.of(new DockerImagePuller.Registry(registry.address(), USER,
                    PASSWORD))).run(built("v3"));
            assertThat(failed.reason()).isEqualTo("registry-unavailable");
            assertThat(failed.message()).contains("did not answer the pull", "connection refused");
            assertNowhere(PASSWORD);
        } finally {
            registry.restart();
        }
    }

    private void assertNowhere(String secret) {
        EventCodec codec = new EventCodec();
        assertThat(published).isNotEmpty().allSatisfy(e -> assertThat(codec.encodeToString(e)).doesNotContain(secret));
    }

    private StageRunner<ImageBuilt> runner(Optional<DockerImagePuller.Registry> credentials) {
        DockerImagePuller real = new DockerImagePuller(docker, credentials, Duration.ofMinutes(2));
        ImagePuller recording = (r, d) -> {
            boolean pulled = real.ensure(r, d);
            pulls.add((pulled ? "pulled " : "present ") + r);
            return pulled;
        };
        InMemoryHistory history = new InMemoryHistory();
        VerifyStage stage = new VerifyStage(new DockerImageProbe(docker, ProbeSettings.defaults().withTimeout(Duration.ofSeconds(90))),
                recording, (repo, commit) -> {
                    throw new AssertionError("relay.yaml travels in the event: git must not be read");
                }, history, Clock.systemUTC());
        StageEvents events = new StageEvents(VerifyStage.STAGE);
        return new StageRunner<>(events, stage, new HistoryStageResults(history, events), published::add);
    }

    private static ImageBuilt built(String version) {
        Release release = Release.of("hello", version, "https://git.example/hello.git", "c".repeat(40), "tester", Instant.now());
        return new ImageBuilt(release, new Image(ref, imageId, digest, 1, "relay/python-base:3.11"), PINS, 1.0,
                new ModelConfig(true, "hello", null, ">=3.10", List.of("python -c 'import promote'"), false, null));
    }
}
