package dev.relay.builder.core;

import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.Release;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One release from tag to image: checkout, relay.yaml, requirements validation (before the engine
 * is touched), reuse of an image already built for the same release and commit, build, push.
 */
public final class ReleaseBuilder {

    public static final String LABEL_SOURCE = "org.opencontainers.image.source";
    public static final String LABEL_REVISION = "org.opencontainers.image.revision";
    public static final String LABEL_VERSION = "org.opencontainers.image.version";
    public static final String LABEL_CREATED = "org.opencontainers.image.created";
    public static final String LABEL_RELEASE_ID = "dev.relay.release-id";
    public static final String LABEL_MODEL = "dev.relay.model";
    public static final String REQUIREMENTS_FILE = "requirements.txt";

    private final SourceCheckout checkout;
    private final ImageEngine engine;
    private final BuilderSettings settings;
    private final BuildContextAssembler assembler;
    private final Clock clock;

    public ReleaseBuilder(SourceCheckout checkout, ImageEngine engine, BuilderSettings settings, Clock clock) {
        this.checkout = checkout;
        this.engine = engine;
        this.settings = settings;
        this.assembler = new BuildContextAssembler(new DockerfileGenerator());
        this.clock = clock;
    }

    public BuildOutcome build(BuildRequest request, BuildLog log) {
        return build(request, log, r -> { });
    }

    /** @param onCheckedOut told the release as soon as the commit is known (before validation and build) */
    public BuildOutcome build(BuildRequest request, BuildLog log, java.util.function.Consumer<Release> onCheckedOut) {
        Path work = settings.workDir().resolve(request.releaseId().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + UUID.randomUUID());
        Release release = null;
        long started = System.nanoTime();
        try {
            String commit = checkout.checkout(request.repoUrl(), request.version(), request.expectedCommit(), work.resolve("src"));
            // A token in a clone URL given by hand must reach neither events nor labels; the checkout above used it.
            release = Release.of(request.model(), request.version(), withoutCredentials(request.repoUrl()), commit,
                    request.taggedBy(), request.taggedAt());
            onCheckedOut.accept(release);
            SourceFiles files = SourceFiles.directory(work.resolve("src"));
            RelayYaml relayYaml = readRelayYaml(files);
            ValidatedRequirements requirements = validate(files, relayYaml);

            BuildContextAssembler.Plan plan = assembler.assemble(request.model(), work.resolve("src"), work.resolve("context"),
                    relayYaml, requirements, settings.defaultBaseImage(), settings.packageSource());
            String ref = imageRef(request.model(), request.version());

            Optional<ImageEngine.BuiltImage> existing = engine.findExisting(release.releaseId(), commit, ref);
            if (existing.isPresent()) {
                log.line("image for " + release.releaseId() + " at " + commit + " already exists: " + existing.get().id());
                // An earlier attempt may have built it and then failed to push: push again (a no-op without a registry).
                ImageEngine.BuiltImage reused = withDigest(existing.get(), engine.push(ref, log));
                return new BuildOutcome(release, event(release, ref, reused, plan, requirements, 0), null, true, log.tail());
            }
            log.line((plan.generated() ? "generated Dockerfile from " : "model's own Dockerfile from ") + plan.baseImage());
            ImageEngine.BuiltImage image = engine.build(plan.contextDir(), ref, labels(release), log);
            image = withDigest(image, engine.push(ref, log));
            double seconds = (System.nanoTime() - started) / 1e9;
            return new BuildOutcome(release, event(release, ref, image, plan, requirements, seconds), null, false, log.tail());
        } catch (BuildFailure failure) {
            return new BuildOutcome(release, null, failure, false, log.tail());
        } catch (RuntimeException e) {
            BuildFailure failure = new BuildFailure(BuildFailure.INTERNAL, "image-builder failed unexpectedly: " + e, log.tail(), e);
            return new BuildOutcome(release, null, failure, false, log.tail());
        } finally {
            deleteQuietly(work);
        }
    }

    private static ImageEngine.BuiltImage withDigest(ImageEngine.BuiltImage image, String pushedDigest) {
        return pushedDigest == null ? image : new ImageEngine.BuiltImage(image.id(), image.sizeBytes(), pushedDigest);
    }

    /** {@code [<registry>/]<model>:<version>}. */
    public String imageRef(String model, String version) {
        String tag = version.replaceAll("[^A-Za-z0-9_.-]", "_");
        return settings.registry().map(r -> r.replaceAll("/+$", "") + "/").orElse("") + model + ":" + tag;
    }

    Map<String, String> labels(Release release) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_SOURCE, withoutCredentials(release.repoUrl()));
        labels.put(LABEL_REVISION, release.commit());
        labels.put(LABEL_VERSION, release.version());
        labels.put(LABEL_CREATED, Instant.now(clock).toString());
        labels.put(LABEL_RELEASE_ID, release.releaseId());
        labels.put(LABEL_MODEL, release.model());
        return labels;
    }

    private RelayYaml readRelayYaml(SourceFiles files) {
        try {
            return RelayYaml.read(files);
        } catch (RelayYaml.InvalidRelayYamlException e) {
            throw new BuildFailure(BuildFailure.INVALID_RELAY_YAML, e.getMessage(), null);
        }
    }

    private ValidatedRequirements validate(SourceFiles files, RelayYaml relayYaml) {
        try {
            return new RequirementsValidator(settings.policy().withAllowRanges(relayYaml.allowRanges()))
                    .validate(files, REQUIREMENTS_FILE);
        } catch (InvalidRequirementsException e) {
            String message = e.problems().size() == 1 ? e.problems().get(0)
                    : e.problems().size() + " problems in the requirements, first: " + e.problems().get(0);
            throw new BuildFailure(BuildFailure.INVALID_REQUIREMENTS, message, String.join("\n", e.problems()));
        }
    }

    private static ImageBuilt event(Release release, String ref, ImageEngine.BuiltImage image, BuildContextAssembler.Plan plan,
                                    ValidatedRequirements requirements, double seconds) {
        return new ImageBuilt(release, new Image(ref, image.id(), image.digest(), image.sizeBytes(), plan.baseImage()),
                requirements.pins(), seconds);
    }

    /** A repository URL with its user-info removed: tokens in clone URLs must not reach labels or events. */
    public static String withoutCredentials(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment())
                    .toString();
        } catch (Exception e) {
            return url.replaceAll("//[^/@]*@", "//");
        }
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
