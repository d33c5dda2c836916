package dev.relay.builder.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release flow with stand-ins for git and the engine. */
class ReleaseBuilderTest {

    @TempDir
    Path tmp;

    private static final String COMMIT = "a".repeat(40);

    private SourceCheckout files(Map<String, String> files) {
        return (url, tag, expected, into) -> {
            try {
                for (var f : files.entrySet()) {
                    Files.createDirectories(into.resolve(f.getKey()).getParent());
                    Files.writeString(into.resolve(f.getKey()), f.getValue());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return COMMIT;
        };
    }

    static final class Engine implements ImageEngine {
        final List<Map<String, String>> builds = new ArrayList<>();
        final List<String> pushes = new ArrayList<>();
        BuiltImage existing;
        RuntimeException pushFailure;
        String pushedDigest;

        @Override
        public Optional<BuiltImage> findExisting(String releaseId, String commit, String ref) {
            return Optional.ofNullable(existing);
        }

        @Override
        public BuiltImage build(Path contextDir, String ref, Map<String, String> labels, BuildLog log) {
            builds.add(labels);
            return new BuiltImage("sha256:1", 1, null);
        }

        @Override
        public String push(String ref, BuildLog log) {
            pushes.add(ref);
            if (pushFailure != null) {
                throw pushFailure;
            }
            return pushedDigest;
        }
    }

    private ReleaseBuilder builder(SourceCheckout checkout, Engine engine, Optional<String> registry) {
        BuilderSettings settings = new BuilderSettings("relay/python-base:3.11", RequirementsPolicy.strict("promote"),
                PackageSource.none(), registry, 1 << 20, tmp.resolve("work"));
        return new ReleaseBuilder(checkout, engine, settings, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    @Test
    void labelsRefAndEventCarryNoCredentials() {
        Engine engine = new Engine();
        BuildOutcome outcome = builder(files(Map.of("requirements.txt", "promote==1.10\n")), engine, Optional.of("registry.example:5000/"))
                .build(new BuildRequest("m", "v1.2.3", "https://bot:t0ken@git.example/m.git", null, "rest", Instant.now()),
                        new BuildLog(5, l -> { }));
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.built().release().repoUrl()).isEqualTo("https://git.example/m.git");
        assertThat(outcome.built().image().ref()).isEqualTo("registry.example:5000/m:v1.2.3");
        assertThat(engine.builds).singleElement().satisfies(labels -> assertThat(labels)
                .containsEntry("org.opencontainers.image.source", "https://git.example/m.git")
                .containsEntry("org.opencontainers.image.revision", COMMIT)
                .containsEntry("org.opencontainers.image.version", "v1.2.3")
                .containsEntry("org.opencontainers.image.created", "2026-01-02T03:04:05Z")
                .containsEntry("dev.relay.release-id", "m@v1.2.3")
                .containsEntry("dev.relay.model", "m"));
    }

    @Test
    void invalidRequirementsNeverReachTheEngine() {
        Engine engine = new Engine();
        BuildOutcome outcome = builder(files(Map.of("requirements.txt", "numpy\n")), engine, Optional.empty())
                .build(new BuildRequest("m", "v1", "/r.git", COMMIT, "t", Instant.now()), new BuildLog(5, l -> { }));
        assertThat(outcome.failure().reason()).isEqualTo("invalid-requirements");
        assertThat(outcome.failure().detail()).contains("requirements.txt:1:");
        assertThat(outcome.release().commit()).isEqualTo(COMMIT);
        assertThat(engine.builds).isEmpty();
    }

    @Test
    void brokenRelayYamlIsItsOwnFailure() {
        BuildOutcome outcome = builder(files(Map.of("relay.yaml", "requirements: [\n")), new Engine(), Optional.empty())
                .build(new BuildRequest("m", "v1", "/r.git", COMMIT, "t", Instant.now()), new BuildLog(5, l -> { }));
        assertThat(outcome.failure().reason()).isEqualTo("invalid-relay-yaml");
    }

    @Test
    void reusedImageIsPushedAgainSoAFailedPushIsRetried() {
        Engine engine = new Engine();
        engine.existing = new ImageEngine.BuiltImage("sha256:old", 7, null);
        engine.pushedDigest = "sha256:pushed";
        BuildOutcome outcome = builder(files(Map.of("requirements.txt", "promote==1.10\n")), engine, Optional.of("registry.example"))
                .build(new BuildRequest("m", "v1", "/r.git", COMMIT, "t", Instant.now()), new BuildLog(5, l -> { }));
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.reused()).isTrue();
        assertThat(engine.builds).isEmpty();
        assertThat(engine.pushes).containsExactly("registry.example/m:v1");
        assertThat(outcome.built().image().id()).isEqualTo("sha256:old");
        assertThat(outcome.built().image().digest()).isEqualTo("sha256:pushed");
    }

    @Test
    void reusedImageWhosePushFailsIsAFailureNotAnImageBuilt() {
        Engine engine = new Engine();
        engine.existing = new ImageEngine.BuiltImage("sha256:old", 7, null);
        engine.pushFailure = new BuildFailure(BuildFailure.PUSH_FAILED, "the push of registry.example/m:v1 failed: denied", "tail");
        BuildOutcome outcome = builder(files(Map.of("requirements.txt", "promote==1.10\n")), engine, Optional.of("registry.example"))
                .build(new BuildRequest("m", "v1", "/r.git", COMMIT, "t", Instant.now()), new BuildLog(5, l -> { }));
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.built()).isNull();
        assertThat(outcome.failure().reason()).isEqualTo("push-failed");
        assertThat(engine.builds).isEmpty();
    }
}
