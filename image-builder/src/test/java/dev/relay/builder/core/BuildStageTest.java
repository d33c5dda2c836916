package dev.relay.builder.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.ImageBuilt;
import dev.relay.events.ModelConfig;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.StageRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/** The build stage on the stage skeleton, with stand-ins for git and the engine: no Quarkus, no Docker. */
class BuildStageTest {

    private static final String COMMIT = "a".repeat(40);
    private static final Release RELEASE = Release.of("m", "v1.2.3", "https://git.example/m.git", COMMIT, "ada",
            Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path tmp;

    final EngineStandIn engine = new EngineStandIn();
    final List<String> checkouts = new ArrayList<>();
    final List<RelayEvent> published = new ArrayList<>();

    private SourceCheckout files(Map<String, String> files) {
        return new SourceCheckout() {
            @Override
            public Optional<String> resolveTag(String repoUrl, String tag) {
                return Optional.of(COMMIT);
            }

            @Override
            public void checkout(String repoUrl, String tag, String commit, Path into) {
                checkouts.add(repoUrl + " " + tag + " " + commit);
                try {
                    for (var f : files.entrySet()) {
                        Files.createDirectories(into.resolve(f.getKey()).getParent());
                        Files.writeString(into.resolve(f.getKey()), f.getValue());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private StageRunner<ReleaseTagged> runner(SourceCheckout checkout, Optional<String> registry) {
        BuilderSettings settings = new BuilderSettings("relay/python-base:3.11", RequirementsPolicy.strict("promote"),
                PackageSource.none(), registry, 1 << 20, tmp.resolve("work"));
        BuildStage stage = new BuildStage(checkout, engine, settings, r -> new BuildLog(5, l -> { }),
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
        return new StageRunner<>(new StageEvents(BuildStage.STAGE), stage, new ImageResults(engine, settings), published::add);
    }

    private StageRunner<ReleaseTagged> runner(Map<String, String> files) {
        return runner(files(files), Optional.empty());
    }

    private List<ReleaseStatus.State> states() {
        return published.stream().filter(e -> e instanceof ReleaseStatus).map(e -> ((ReleaseStatus) e).state()).toList();
    }

    private ReleaseFailed failure(RelayEvent outcome) {
        assertThat(outcome).isInstanceOf(ReleaseFailed.class);
        assertThat(states()).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
        return (ReleaseFailed) outcome;
    }

    @Test
    void theTaggedCommitIsBuiltAndItsRelayYamlPublishedInTheEvent() {
        RelayEvent outcome = runner(Map.of("requirements.txt", "promote==1.10\nsix>=1.16\n", "relay.yaml", """
                model: m
                baseImage: other:1
                python: ">=3.10"
                verify: [python -c 1]
                requirements:
                  allowRanges: true
                migrations: db/migrations
                """)).run(new ReleaseTagged(RELEASE));

        assertThat(checkouts).containsExactly("https://git.example/m.git v1.2.3 " + COMMIT);
        assertThat(states()).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        ImageBuilt built = (ImageBuilt) outcome;
        assertThat(published.get(1)).isEqualTo(built);
        assertThat(built.release()).isEqualTo(RELEASE);
        assertThat(built.modelConfig()).isEqualTo(new ModelConfig(true, "m", "other:1", ">=3.10", List.of("python -c 1"), true,
                "db/migrations"));
        assertThat(built.image().ref()).isEqualTo("m:v1.2.3");
        assertThat(built.image().id()).isEqualTo("sha256:" + "1".repeat(64));
        assertThat(built.image().baseImage()).isEqualTo("other:1");
        assertThat(built.requirements()).containsExactly(Map.entry("promote", "1.10"));
        assertThat(built.buildSeconds()).isPositive();
        assertThat(engine.dockerfiles).singleElement().asString().contains("FROM other:1");
        Map<String, String> labels = engine.builds.get(0);
        assertThat(labels).containsEntry("org.opencontainers.image.source", "https://git.example/m.git")
                .containsEntry("org.opencontainers.image.revision", COMMIT)
                .containsEntry("org.opencontainers.image.version", "v1.2.3")
                .containsEntry("org.opencontainers.image.created", "2026-01-02T03:04:05Z")
                .containsEntry("dev.relay.release-id", "m@v1.2.3")
                .containsEntry("dev.relay.model", "m");
        // the label holds the event but what only the engine knows
        ImageBuilt stored = ImageLabels.announced(labels).orElseThrow();
        assertThat(stored.release()).isEqualTo(RELEASE);
        assertThat(stored.modelConfig()).isEqualTo(built.modelConfig());
        assertThat(stored.requirements()).isEqualTo(built.requirements());
        assertThat(stored.image().id()).isNull();
    }

    @Test
    void aRepositoryWithoutRelayYamlPublishesTheAbsentConfigAndThePlatformBase() {
        ImageBuilt built = (ImageBuilt) runner(Map.of("requirements.txt", "promote==1.10\n")).run(new ReleaseTagged(RELEASE));
        assertThat(built.modelConfig()).isEqualTo(ModelConfig.ABSENT);
        assertThat(built.image().baseImage()).isEqualTo("relay/python-base:3.11");
    }

    @Test
    void relayYamlNamingAnotherModelFailsBeforeTheEngine() {
        ReleaseFailed failed = failure(runner(Map.of("requirements.txt", "promote==1.10\n", "relay.yaml", "model: sample\n"))
                .run(new ReleaseTagged(RELEASE)));
        assertThat(failed.reason()).isEqualTo("invalid-relay-yaml");
        assertThat(failed.stage()).isEqualTo("image-builder");
        assertThat(failed.message()).isEqualTo("relay.yaml: 'model' is 'sample', but this is a release of 'm'; "
                + "fix relay.yaml or tag the model's own repository");
        assertThat(engine.builds).isEmpty();
    }

    @Test
    void brokenRelayYamlIsItsOwnFailureNamingTheKey() {
        ReleaseFailed failed = failure(runner(Map.of("relay.yaml", "requirements:\n  allowRanges: maybe\n"))
                .run(new ReleaseTagged(RELEASE)));
        assertThat(failed.reason()).isEqualTo("invalid-relay-yaml");
        assertThat(failed.message()).isEqualTo("relay.yaml: 'requirements.allowRanges' must be true or false");
    }

    @Test
    void invalidRequirementsNeverReachTheEngine() {
        ReleaseFailed failed = failure(runner(Map.of("requirements.txt", "numpy\n")).run(new ReleaseTagged(RELEASE)));
        assertThat(failed.reason()).isEqualTo("invalid-requirements");
        assertThat(failed.message()).isEqualTo("2 problems in the requirements, first: requirements.txt:1: "
                + "'numpy' is not pinned; pin it with numpy==<version>");
        assertThat(failed.detail()).contains("requirements.txt:1: the platform package 'promote' must be the first requirement");
        assertThat(engine.builds).isEmpty();
    }

    @Test
    void aRedeliveredReleaseIsReplayedFromItsImageWithoutAnotherCheckoutOrBuild() {
        StageRunner<ReleaseTagged> runner = runner(Map.of("requirements.txt", "promote==1.10\n", "relay.yaml", "model: m\n"));
        ImageBuilt first = (ImageBuilt) runner.run(new ReleaseTagged(RELEASE));
        published.clear();
        RelayEvent again = runner.run(new ReleaseTagged(RELEASE));

        assertThat(again).isEqualTo(new ImageBuilt(first.release(), first.image(), first.requirements(), 0, first.modelConfig()));
        assertThat(published).hasSize(3);
        assertThat(published.get(1)).isEqualTo(again);
        assertThat(states()).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(engine.builds).hasSize(1);
        assertThat(checkouts).hasSize(1);
        assertThat(engine.tags).as("still tagged with its ref").isEmpty();
    }

    @Test
    void anImageOfAnOlderBuilderIsAnnouncedAndPushedAgainNotRebuilt() {
        engine.existing("m@v1.2.3", COMMIT, "sha256:old");
        engine.pushedDigest = "sha256:pushed";
        ImageBuilt built = (ImageBuilt) runner(files(Map.of("requirements.txt", "promote==1.10\n")), Optional.of("registry.example/"))
                .run(new ReleaseTagged(RELEASE));
        assertThat(engine.builds).isEmpty();
        assertThat(engine.tags).containsExactly("sha256:old registry.example/m:v1.2.3");
        assertThat(engine.pushes).containsExactly("registry.example/m:v1.2.3");
        assertThat(built.image().id()).isEqualTo("sha256:old");
        assertThat(built.image().digest()).isEqualTo("sha256:pushed");
        assertThat(built.buildSeconds()).isZero();
        assertThat(built.modelConfig()).isEqualTo(ModelConfig.ABSENT);
    }

    @Test
    void anImageWhosePushFailedIsNoOutcomeAndIsPushedOnTheNextDelivery() {
        StageRunner<ReleaseTagged> runner = runner(files(Map.of("requirements.txt", "promote==1.10\n")), Optional.of("registry.example"));
        engine.pushFailure = new BuildFailure(BuildFailure.PUSH_FAILED, "the push of registry.example/m:v1.2.3 failed: denied", "tail");
        ReleaseFailed failed = failure(runner.run(new ReleaseTagged(RELEASE)));
        assertThat(failed.reason()).isEqualTo("push-failed");

        engine.pushFailure = null;
        engine.pushedDigest = "sha256:pushed";
        published.clear();
        ImageBuilt built = (ImageBuilt) runner.run(new ReleaseTagged(RELEASE));
        assertThat(engine.builds).hasSize(1);
        assertThat(engine.pushes).hasSize(2);
        assertThat(built.image().digest()).isEqualTo("sha256:pushed");
        assertThat(states()).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
    }

    @Test
    void labelsThatMakeNoValidEventAreNoOutcome() {
        engine.byRelease.put("m@v1.2.3", new ImageEngine.FoundImage("sha256:x", 1, null, List.of(),
                Map.of(ImageLabels.RELEASE_ID, "m@v1.2.3", ImageLabels.IMAGE_BUILT, "{\"release\": {\"model\": \"Bad\"}}")));
        BuilderSettings settings = new BuilderSettings("b", RequirementsPolicy.strict("promote"), PackageSource.none(),
                Optional.empty(), 1, tmp);
        assertThat(new ImageResults(engine, settings).find("m@v1.2.3")).isEmpty();
        assertThat(new ImageResults(engine, settings).find("other@v1")).isEmpty();
    }

    @Test
    void anUnexpectedErrorIsAnInternalErrorThatNamesOnlyItsClass() {
        SourceCheckout broken = new SourceCheckout() {
            @Override
            public Optional<String> resolveTag(String repoUrl, String tag) {
                return Optional.empty();
            }

            @Override
            public void checkout(String repoUrl, String tag, String commit, Path into) {
                throw new IllegalStateException("cannot reach mongodb://admin:s3cret@db:27017");
            }
        };
        ReleaseFailed failed = failure(runner(broken, Optional.empty()).run(new ReleaseTagged(RELEASE)));
        assertThat(failed.reason()).isEqualTo("internal-error");
        assertThat(failed.message()).isEqualTo("image-builder failed unexpectedly (IllegalStateException); the service log has the details");
    }
}
