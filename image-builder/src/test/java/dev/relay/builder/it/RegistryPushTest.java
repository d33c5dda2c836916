package dev.relay.builder.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.relay.builder.core.BuildLog;
import dev.relay.builder.core.BuildStage;
import dev.relay.builder.core.BuilderSettings;
import dev.relay.builder.core.ImageResults;
import dev.relay.builder.core.PackageSource;
import dev.relay.builder.core.RequirementsPolicy;
import dev.relay.builder.docker.DockerImageEngine;
import dev.relay.builder.docker.RegistryRetry;
import dev.relay.builder.git.JGitCheckout;
import dev.relay.events.EventCodec;
import dev.relay.events.ImageBuilt;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.StageRunner;
import dev.relay.testkit.GitFixtures;
import dev.relay.testkit.Infra;
import dev.relay.testkit.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The push on real parts: the Docker engine builds the sample model and pushes it to a real registry v2 process
 * ({@link LocalRegistry}) that checks credentials, refuses wrong ones, or is down. The stage runs on the contract's
 * {@code StageRunner}, so what is asserted is exactly what would be published.
 */
class RegistryPushTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String USER = "relay";
    private static final EventCodec CODEC = new EventCodec();

    private static Path dir;
    private static DockerClient client;
    private static Path wheels;
    private static final List<String> MODELS = new ArrayList<>();

    private final List<RelayEvent> published = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        Infra.requireDocker();
        dir = Files.createTempDirectory("relay-ib-registry");
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(Infra.dockerHost()).withApiVersion("1.41").build();
        client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        wheels = SampleModels.wheelhouse(dir.resolve("wheels")).dir();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (client == null) {
            return;
        }
        for (String model : MODELS) {
            client.listImagesCmd().withLabelFilter(Map.of("dev.relay.model", model)).exec()
                    .forEach(i -> client.removeImageCmd(i.getId()).withForce(true).exec());
        }
        client.close();
    }

    @Test
    void thePushedImageIsAnnouncedWithTheDigestTheRegistryServes() {
        String password = "pw-" + UUID.randomUUID();
        try (LocalRegistry registry = LocalRegistry.startWithCredentials(USER, password)) {
            Release release = sampleRelease("pushed");
            StageRunner<ReleaseTagged> runner = runner(registry.address(), password, RegistryRetry.none());

            ImageBuilt built = (ImageBuilt) runner.run(new ReleaseTagged(release));

            assertThat(built.image().ref()).isEqualTo(registry.address() + "/" + release.model() + ":v1");
            String served = registry.manifestDigest(release.model(), "v1").orElseThrow();
            assertThat(built.image().digest()).as("image.built's digest is the registry's manifest digest").isEqualTo(served);
            assertThat(built.buildSeconds()).isPositive();

            // A re-delivery is announced from the engine's image with the same digest, and nothing is built or pushed.
            ImageBuilt replayed = (ImageBuilt) runner.run(new ReleaseTagged(release));
            assertThat(replayed.image()).isEqualTo(built.image());
            assertThat(replayed.buildSeconds()).isZero();
            assertNowhere(password);
        }
    }

    @Test
    void refusedCredentialsFailTheReleaseAsRegistryUnauthorizedWithoutThePassword() {
        String wrong = "wrong-" + UUID.randomUUID();
        try (LocalRegistry registry = LocalRegistry.startWithCredentials(USER, "right-" + UUID.randomUUID())) {
            Release release = sampleRelease("refused");
            // Retries configured: refused credentials must not use them.
            RelayEvent outcome = runner(registry.address(), wrong, RegistryRetry.withBackoff(3, Duration.ofSeconds(2),
                    Duration.ofSeconds(2))).run(new ReleaseTagged(release));

            ReleaseFailed failed = (ReleaseFailed) outcome;
            assertThat(failed.reason()).isEqualTo("registry-unauthorized");
            assertThat(failed.stage()).isEqualTo(BuildStage.STAGE);
            assertThat(failed.message()).contains("the registry " + registry.address() + " refused the push of "
                    + registry.address() + "/" + release.model() + ":v1 with the credentials of user 'relay'", "unauthorized");
            assertThat(logLines.stream().filter(l -> l.startsWith("push error:"))).as("one attempt only").hasSize(1);
            assertThat(registry.manifestDigest(release.model(), "v1")).isEmpty();
            assertNowhere(wrong);
        }
    }

    @Test
    void aRegistryThatIsDownIsTriedAgainWithBackoffThenFailsAsRegistryUnavailable() {
        String password = "pw-" + UUID.randomUUID();
        try (LocalRegistry registry = LocalRegistry.startWithCredentials(USER, password)) {
            registry.stop();
            Release release = sampleRelease("down");
            StageRunner<ReleaseTagged> runner = runner(registry.address(), password,
                    RegistryRetry.withBackoff(2, Duration.ofMillis(300), Duration.ofMillis(600)));

            long started = System.nanoTime();
            RelayEvent outcome = runner.run(new ReleaseTagged(release));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            ReleaseFailed failed = (ReleaseFailed) outcome;
            assertThat(failed.reason()).isEqualTo("registry-unavailable");
            assertThat(failed.message()).contains("the registry " + registry.address() + " did not answer the push",
                    "connection refused", "(3 attempts, with backoff)");
            assertThat(logLines.stream().filter(l -> l.startsWith("push error:"))).as("the first push and two retries").hasSize(3);
            assertThat(took).as("bounded: the build and three quick pushes").isLessThan(Duration.ofMinutes(2));
            assertNowhere(password);

            // Back up: a re-delivery pushes the image it finds (no second build) and announces the served digest.
            registry.restart();
            ImageBuilt built = (ImageBuilt) runner.run(new ReleaseTagged(release));
            assertThat(built.buildSeconds()).isZero();
            assertThat(built.image().digest()).isEqualTo(registry.manifestDigest(release.model(), "v1").orElseThrow());
        }
    }

    /** The secret is in no published event (as JSON, the way it goes to Kafka), no message, detail or log line. */
    private void assertNowhere(String secret) {
        assertThat(published).isNotEmpty().allSatisfy(e -> assertThat(CODEC.encodeToString(e)).doesNotContain(secret));
        assertThat(logLines).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain(secret));
    }

    private StageRunner<ReleaseTagged> runner(String address, String password, RegistryRetry retry) {
        BuilderSettings settings = new BuilderSettings("relay/python-base:3.11", RequirementsPolicy.strict("promote"),
                PackageSource.wheelhouse(wheels), Optional.of(address), 512L << 20, dir.resolve("work"));
        DockerImageEngine engine = new DockerImageEngine(client, "none", Duration.ofMinutes(3), 512L << 20,
                Optional.of(new DockerImageEngine.Registry(address, USER, password)), retry);
        BuildStage stage = new BuildStage(new JGitCheckout(dir.resolve("cache"), Duration.ofMinutes(1)), engine, settings,
                release -> new BuildLog(40, logLines::add), Clock.systemUTC());
        return new StageRunner<>(new StageEvents(BuildStage.STAGE), stage, new ImageResults(engine, settings), published::add);
    }

    private static Release sampleRelease(String name) {
        String model = "reg-" + RUN + "-" + name;
        MODELS.add(model);
        Path bare = GitFixtures.bareRepository(dir, model);
        GitFixtures.WorkingCopy wc = SampleModels.writeSample(GitFixtures.clone(bare, dir.resolve(model + "-wc")), model);
        String commit = wc.commit("first");
        wc.tagLightweight("v1").push();
        return Release.of(model, "v1", bare.toUri().toString(), commit, "tester", Instant.now());
    }
}
