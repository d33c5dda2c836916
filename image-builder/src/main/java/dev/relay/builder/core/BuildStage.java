package dev.relay.builder.core;

import dev.relay.events.Campaign;
import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.InvalidModelConfigException;
import dev.relay.events.ModelConfig;
import dev.relay.events.ModelConfigParser;
import dev.relay.events.Release;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.stage.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The image builder's stage: {@code release.tagged} in, {@code image.built} out. Checkout of the
 * event's commit, relay.yaml read once (published as the event's {@code modelConfig}), requirements
 * validated before the engine is touched, then build and push. Status events, failures and replays
 * are the {@code StageRunner}'s; a failure here is a {@link dev.relay.events.stage.StageFailure}.
 *
 * <p>A campaign's rebuild ({@link RebuildStage}) takes the same path through {@link #build}: only the base image, the
 * platform package pin, the image's tag and its campaign block differ ({@link BuildTarget}).
 */
public final class BuildStage implements Stage<ReleaseTagged> {

    public static final String STAGE = "image-builder";
    public static final String REQUIREMENTS_FILE = "requirements.txt";

    private final SourceCheckout checkout;
    private final ImageEngine engine;
    private final BuilderSettings settings;
    private final BuildLogs logs;
    private final BuildContextAssembler assembler;
    private final Clock clock;

    public BuildStage(SourceCheckout checkout, ImageEngine engine, BuilderSettings settings, BuildLogs logs, Clock clock) {
        this.checkout = checkout;
        this.engine = engine;
        this.settings = settings;
        this.logs = logs;
        this.assembler = new BuildContextAssembler(new DockerfileGenerator());
        this.clock = clock;
    }

    @Override
    public ImageBuilt run(ReleaseTagged input) {
        return build(BuildTarget.release(input.release()));
    }

    /** Builds a release's image or a campaign's rebuild of it: the one build path of the stage. */
    public ImageBuilt build(BuildTarget target) {
        Release release = target.release();
        Campaign campaign = target.campaign();
        BuildLog log = logs.open(release);
        Path work = settings.workDir().resolve(release.releaseId().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + UUID.randomUUID());
        Path source = work.resolve("src");
        long started = System.nanoTime();
        try {
            checkout.checkout(release.repoUrl(), release.version(), release.commit(), source);
            ModelConfig modelConfig = modelConfig(source, release);
            if (target.isRebuild() && BuildContextAssembler.hasOwnDockerfile(source)) {
                throw new BuildFailure(BuildFailure.OWN_DOCKERFILE, release.model() + " " + release.version()
                        + " builds from its own Dockerfile, so campaign '" + campaign.campaignId() + "' cannot move it to "
                        + campaign.baseImage() + "; change the Dockerfile's FROM in a release of its own, or drop the Dockerfile", null);
            }
            ValidatedRequirements requirements = new RequirementsValidator(settings.policy().withAllowRanges(modelConfig.allowRanges()))
                    .validate(SourceFiles.directory(source), REQUIREMENTS_FILE, target.platformPin());
            BuildContextAssembler.Plan plan = assembler.assemble(release.model(), source, work.resolve("context"), requirements,
                    target.baseImage(modelConfig, settings.defaultBaseImage()), settings.packageSource());
            String ref = settings.imageRef(release, campaign);
            ImageBuilt announced = new ImageBuilt(release, new Image(ref, null, null, 0, plan.baseImage()), requirements.pins(), 0,
                    modelConfig, campaign);

            Optional<ImageEngine.FoundImage> existing = engine.find(release.releaseId())
                    .filter(image -> release.commit().equals(image.labels().get(ImageLabels.REVISION)));
            if (existing.isPresent()) {
                // An image without the event label (an older builder) or one whose push failed: announce it, push it again.
                ImageEngine.FoundImage image = existing.get();
                log.line("image for " + release.releaseId() + " at " + release.commit() + " already exists: " + image.id());
                if (!image.tags().contains(ref)) {
                    engine.tag(image.id(), ref);
                }
                return withImage(announced, image.built(), engine.push(ref, log), 0);
            }
            if (target.isRebuild() && !engine.hasImage(plan.baseImage())) {
                // A campaign's base is new by definition: say so before a build, rather than as a failed build's log tail.
                throw new BuildFailure(BuildFailure.BASE_IMAGE_MISSING, "the base image " + plan.baseImage() + " of campaign '"
                        + campaign.campaignId() + "' is not on the build engine; build or load it there before the campaign", null);
            }
            log.line((plan.generated() ? "generated Dockerfile from " : "model's own Dockerfile from ") + plan.baseImage());
            ImageEngine.BuiltImage image = buildImage(plan, ref, ImageLabels.of(announced, Instant.now(clock)), log);
            String digest = engine.push(ref, log);
            return withImage(announced, image, digest, (System.nanoTime() - started) / 1e9);
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * The build; a failed build of a generated Dockerfile whose base is not on the engine names the base. Releases are
     * not checked beforehand: the engine may still pull a release's base from a registry, as it always could.
     */
    private ImageEngine.BuiltImage buildImage(BuildContextAssembler.Plan plan, String ref, Map<String, String> labels,
                                              BuildLog log) {
        try {
            return engine.build(plan.contextDir(), ref, labels, log);
        } catch (BuildFailure e) {
            if (plan.generated() && BuildFailure.BUILD_FAILED.equals(e.reason()) && !hasImageOrUnknown(plan.baseImage())) {
                throw new BuildFailure(BuildFailure.BASE_IMAGE_MISSING, "the build of " + ref + " failed: its base image "
                        + plan.baseImage() + " is not on the build engine and could not be pulled", e.detail(), e);
            }
            throw e;
        }
    }

    /** True unless the engine says the image is missing: an engine that does not answer leaves the build's own failure. */
    private boolean hasImageOrUnknown(String ref) {
        try {
            return engine.hasImage(ref);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** relay.yaml at the commit, read once; a repository without one has {@link ModelConfig#ABSENT}. */
    static ModelConfig modelConfig(Path source, Release release) {
        Path file = source.resolve(ModelConfig.FILE);
        if (!Files.isRegularFile(file)) {
            return ModelConfig.ABSENT;
        }
        ModelConfig config;
        try {
            config = ModelConfigParser.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (config.model() != null && !config.model().equals(release.model())) {
            throw new InvalidModelConfigException(ModelConfig.FILE + ": 'model' is '" + config.model()
                    + "', but this is a release of '" + release.model() + "'; fix relay.yaml or tag the model's own repository");
        }
        return config;
    }

    private static ImageBuilt withImage(ImageBuilt announced, ImageEngine.BuiltImage image, String pushedDigest, double seconds) {
        Image planned = announced.image();
        String digest = pushedDigest != null ? pushedDigest : image.digest();
        return new ImageBuilt(announced.release(), new Image(planned.ref(), image.id(), digest, image.sizeBytes(), planned.baseImage()),
                announced.requirements(), seconds, announced.modelConfig(), announced.campaign());
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover work folder costs disk space, not correctness.
        }
    }
}
