package dev.relay.builder.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.Campaign;
import dev.relay.events.EventCodec;
import dev.relay.events.EventType;
import dev.relay.events.ImageBuilt;
import dev.relay.events.RebuildRequested;
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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A campaign's rebuild on the stage skeleton, with stand-ins for git and the engine: no Quarkus, no Docker. */
class RebuildStageTest {

    private static final String COMMIT = "b".repeat(40);
    private static final String BASE = "relay/python-base:3.13";
    private static final Campaign CAMPAIGN = new Campaign("py313", "Python 3.13", BASE, "promote==1.11", Campaign.Step.rebuild);
    private static final Release RELEASE = Release.of("m", "v1.2.3", "https://git.example/m.git", COMMIT, "ada",
            Instant.parse("2026-01-01T00:00:00Z"));
    private static final Release REBUILD = new Release("m@v1.2.3~campaign-py313", "m", "v1.2.3", RELEASE.repoUrl(), COMMIT,
            "ada", RELEASE.taggedAt());
    private static final Map<String, String> SAMPLE = Map.of(
            "requirements.txt", "promote==1.10\nsix==1.16.0\n",
            "relay.yaml", "model: m\nbaseImage: other:1\n");

    @TempDir
    Path tmp;

    final EngineStandIn engine = new EngineStandIn();
    final List<String> checkouts = new ArrayList<>();
    final List<RelayEvent> published = new ArrayList<>();
    final EventCodec codec = new EventCodec();

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

    private BuildStage stage(Map<String, String> files) {
        BuilderSettings settings = settings();
        return new BuildStage(files(files), engine, settings, r -> new BuildLog(5, l -> { }),
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    private BuilderSettings settings() {
        return new BuilderSettings("relay/python-base:3.11", RequirementsPolicy.strict("promote"), PackageSource.none(),
                Optional.empty(), 1 << 20, tmp.resolve("work"));
    }

    /** Every published event goes through the contract's codec, as the publisher sends it. */
    private void publish(RelayEvent event) {
        codec.encode(event);
        published.add(event);
    }

    private StageRunner<RebuildRequested> rebuilds(BuildStage stage) {
        return new StageRunner<>(new StageEvents(BuildStage.STAGE), new RebuildStage(stage), new ImageResults(engine, settings()),
                this::publish);
    }

    private StageRunner<ReleaseTagged> releases(BuildStage stage) {
        return new StageRunner<>(new StageEvents(BuildStage.STAGE), stage, new ImageResults(engine, settings()), this::publish);
    }

    private List<ReleaseStatus.State> states() {
        return published.stream().filter(e -> e instanceof ReleaseStatus).map(e -> ((ReleaseStatus) e).state()).toList();
    }

    private ReleaseFailed failure(RelayEvent outcome) {
        assertThat(outcome).isInstanceOf(ReleaseFailed.class);
        assertThat(states()).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
        assertThat(published).allSatisfy(e -> assertThat(e.release()).isEqualTo(REBUILD));
        return (ReleaseFailed) outcome;
    }

    @Test
    void theReleasesCommitIsRebuiltOnTheCampaignBaseWithTheCampaignPinFirst() {
        engine.images = Set.of(BASE);
        RelayEvent outcome = rebuilds(stage(SAMPLE)).run(new RebuildRequested(REBUILD, CAMPAIGN));

        assertThat(checkouts).containsExactly("https://git.example/m.git v1.2.3 " + COMMIT);
        assertThat(engine.imageChecks).containsExactly(BASE);
        assertThat(states()).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        ImageBuilt built = (ImageBuilt) outcome;
        assertThat(published.get(1)).isEqualTo(built);
        assertThat(built.type()).isEqualTo(EventType.IMAGE_BUILT);
        assertThat(built.release()).isEqualTo(REBUILD);
        assertThat(built.campaign()).isEqualTo(CAMPAIGN);
        assertThat(built.image().ref()).isEqualTo("m:v1.2.3-py313");
        assertThat(built.image().baseImage()).isEqualTo(BASE);
        assertThat(built.modelConfig().baseImage()).as("relay.yaml is published as it is").isEqualTo("other:1");
        assertThat(built.requirements()).containsExactly(Map.entry("promote", "1.11"), Map.entry("six", "1.16.0"));
        assertThat(engine.dockerfiles).singleElement().asString().contains("FROM " + BASE).doesNotContain("other:1");
        assertThat(engine.lockFiles).singleElement().asString().contains("promote==1.11\nsix==1.16.0\n").doesNotContain("1.10");

        Map<String, String> labels = engine.builds.get(0);
        assertThat(labels).containsEntry("dev.relay.release-id", "m@v1.2.3~campaign-py313")
                .containsEntry("dev.relay.campaign", "py313")
                .containsEntry("dev.relay.model", "m")
                .containsEntry("org.opencontainers.image.version", "v1.2.3")
                .containsEntry("org.opencontainers.image.revision", COMMIT);
        ImageBuilt stored = ImageLabels.announced(labels).orElseThrow();
        assertThat(stored.campaign()).isEqualTo(CAMPAIGN);
        assertThat(stored.requirements()).isEqualTo(built.requirements());
    }

    @Test
    void aMissingBaseImageFailsBeforeAnyBuild() {
        engine.images = Set.of("relay/python-base:3.11");
        ReleaseFailed failed = failure(rebuilds(stage(SAMPLE)).run(new RebuildRequested(REBUILD, CAMPAIGN)));

        assertThat(failed.reason()).isEqualTo("base-image-missing");
        assertThat(failed.stage()).isEqualTo("image-builder");
        assertThat(failed.message()).isEqualTo("the base image relay/python-base:3.13 of campaign 'py313' is not on the build "
                + "engine; build or load it there before the campaign");
        assertThat(engine.imageChecks).containsExactly(BASE);
        assertThat(engine.builds).isEmpty();
        assertThat(engine.dockerfiles).isEmpty();
    }

    @Test
    void aRedeliveredRebuildIsReplayedFromItsImageWithoutAnotherCheckoutOrBuild() {
        StageRunner<RebuildRequested> runner = rebuilds(stage(SAMPLE));
        ImageBuilt first = (ImageBuilt) runner.run(new RebuildRequested(REBUILD, CAMPAIGN));
        published.clear();
        RelayEvent again = runner.run(new RebuildRequested(REBUILD, CAMPAIGN));

        assertThat(again).isEqualTo(new ImageBuilt(first.release(), first.image(), first.requirements(), 0, first.modelConfig(),
                CAMPAIGN));
        assertThat(published).hasSize(3);
        assertThat(published.get(1)).isEqualTo(again);
        assertThat(states()).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(engine.builds).hasSize(1);
        assertThat(checkouts).hasSize(1);
    }

    @Test
    void theReleaseAndItsRebuildAreTwoImagesThatNeverReplayEachOther() {
        BuildStage stage = stage(SAMPLE);
        ImageBuilt release = (ImageBuilt) releases(stage).run(new ReleaseTagged(RELEASE));
        ImageBuilt rebuild = (ImageBuilt) rebuilds(stage).run(new RebuildRequested(REBUILD, CAMPAIGN));

        assertThat(engine.builds).hasSize(2);
        assertThat(release.campaign()).isNull();
        assertThat(release.image().ref()).isEqualTo("m:v1.2.3");
        assertThat(release.image().baseImage()).isEqualTo("other:1");
        assertThat(release.requirements()).containsEntry("promote", "1.10");
        assertThat(engine.builds.get(0)).doesNotContainKey("dev.relay.campaign");
        assertThat(rebuild.image().ref()).isEqualTo("m:v1.2.3-py313");
        assertThat(rebuild.image().id()).isNotEqualTo(release.image().id());
        assertThat(engine.imageChecks).as("a release's base is not checked before its build").containsExactly(BASE);
    }

    @Test
    void aCampaignWithoutAPlatformPinKeepsTheModelsPins() {
        Campaign keep = new Campaign("py313", "Python 3.13", BASE, null, Campaign.Step.rebuild);
        ImageBuilt built = (ImageBuilt) rebuilds(stage(SAMPLE)).run(new RebuildRequested(REBUILD, keep));
        assertThat(built.requirements()).containsExactly(Map.entry("promote", "1.10"), Map.entry("six", "1.16.0"));
        assertThat(built.campaign()).isEqualTo(keep);
    }

    @Test
    void aModelWithoutThePlatformPackageGetsTheCampaignPinFirst() {
        ImageBuilt built = (ImageBuilt) rebuilds(stage(Map.of("requirements.txt", "six==1.16.0\n")))
                .run(new RebuildRequested(REBUILD, CAMPAIGN));
        assertThat(built.requirements()).containsExactly(Map.entry("promote", "1.11"), Map.entry("six", "1.16.0"));
        assertThat(engine.lockFiles).singleElement().asString().contains("promote==1.11\nsix==1.16.0\n");
    }

    @Test
    void thePlatformRuleStillAppliesToTheModelsRequirements() {
        ReleaseFailed failed = failure(rebuilds(stage(Map.of("requirements.txt", "six==1.16.0\npromote==1.10\n")))
                .run(new RebuildRequested(REBUILD, CAMPAIGN)));
        assertThat(failed.reason()).isEqualTo("invalid-requirements");
        assertThat(failed.message()).contains("requirements.txt:2: the platform package 'promote' must be the first requirement");
        assertThat(engine.builds).isEmpty();
    }

    @Test
    void aModelWithItsOwnDockerfileCannotBeMovedToTheCampaignBase() {
        ReleaseFailed failed = failure(rebuilds(stage(Map.of("Dockerfile", "FROM relay/python-base:3.11\n",
                "requirements.txt", "promote==1.10\n"))).run(new RebuildRequested(REBUILD, CAMPAIGN)));
        assertThat(failed.reason()).isEqualTo("own-dockerfile");
        assertThat(failed.message()).isEqualTo("m v1.2.3 builds from its own Dockerfile, so campaign 'py313' cannot move it to "
                + "relay/python-base:3.13; change the Dockerfile's FROM in a release of its own, or drop the Dockerfile");
        assertThat(engine.imageChecks).isEmpty();
        assertThat(engine.builds).isEmpty();
    }

    @Test
    void aReleaseWhoseBuildFailsForWantOfItsBaseNamesTheBase() {
        engine.images = Set.of();
        engine.buildFailure = new BuildFailure(BuildFailure.BUILD_FAILED, "the build of m:v1.2.3 failed: pull access denied", "tail");
        RelayEvent outcome = releases(stage(SAMPLE)).run(new ReleaseTagged(RELEASE));
        ReleaseFailed failed = (ReleaseFailed) outcome;
        assertThat(failed.reason()).isEqualTo("base-image-missing");
        assertThat(failed.message()).isEqualTo("the build of m:v1.2.3 failed: its base image other:1 is not on the build engine "
                + "and could not be pulled");
        assertThat(failed.detail()).isEqualTo("tail");

        // with the base there, a failed build stays a failed build
        engine.images = Set.of("other:1");
        published.clear();
        assertThat(((ReleaseFailed) releases(stage(SAMPLE)).run(new ReleaseTagged(RELEASE))).reason()).isEqualTo("build-failed");
    }
}
