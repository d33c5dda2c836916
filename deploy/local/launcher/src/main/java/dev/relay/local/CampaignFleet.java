package dev.relay.local;

import dev.relay.wheelhouse.Wheelhouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The models of the campaign demo and test: seven model repositories that release fine on today's platform
 * ({@code relay/python-base:3.11}, {@code promote==1.10}) and meet the next one ({@link #CAMPAIGN_BASE}: Debian
 * trixie's Python 3.13, {@code promote==1.11}) each in its own way, as the runbook's environments did. Two pass; five
 * fail for a real reason, which the campaign report must name:
 *
 * <ul>
 *   <li>{@code legacy-nlp} pins a tokenizer not ported to Python 3.12+ ({@code Requires-Python: <3.12}): pip refuses to
 *       install it, the rebuild fails at image-builder;</li>
 *   <li>{@code plugin-host} pins a plugin that requires {@code promote<1.11}: the new platform pin conflicts, the
 *       rebuild fails at image-builder;</li>
 *   <li>{@code text-utils} pins {@code hello-utils==1.2.0}, but the new base ships its own 0.9.0 on {@code PYTHONPATH},
 *       which shadows the pin: env-migrator's requirements check fails;</li>
 *   <li>{@code hooked-model}'s {@code promote.sh} pre-installs that plugin without its dependencies: the build passes,
 *       {@code pip check} fails;</li>
 *   <li>{@code vision-legacy}'s verify command imports {@code imp}, removed in Python 3.12: the verify check fails.</li>
 * </ul>
 */
public final class CampaignFleet {

    /** The base image of the demo campaign: trixie's Python 3.13 plus the platform's bundled site directory. */
    public static final String CAMPAIGN_BASE = "relay/python-base:3.13-platform";
    /** What {@link #CAMPAIGN_BASE} is built on: {@code RELAY_DEBIAN_SUITE=trixie deploy/base-images/python/build}. */
    public static final String TRIXIE_BASE = "relay/python-base:3.13";
    public static final String PLATFORM_PACKAGE = "promote==1.11";
    public static final String VERSION = "v1.0.0";

    /** One sample model: its pins after the platform package, its hook, what its check does, and what to expect. */
    public record FleetModel(String name, List<String> pins, String hook, String checkBody, String expectedCause) {

        public boolean passes() {
            return expectedCause == null;
        }

        String module() {
            return name.replace('-', '_');
        }
    }

    public static final List<FleetModel> MODELS = List.of(
            new FleetModel("fraud-scorer", List.of("feature-store==2.1.0"), null, versions("feature-store"), null),
            new FleetModel("churn-model", List.of("hello-metrics==1.0.0"), null, versions("hello-metrics"), null),
            new FleetModel("legacy-nlp", List.of("legacy-tokenizer==0.4.0"), null, versions("legacy-tokenizer"),
                    "python not supported: legacy-tokenizer"),
            new FleetModel("plugin-host", List.of("promote-plugin==1.0.0"), null, versions("promote-plugin"), "conflict: promote"),
            new FleetModel("text-utils", List.of("hello-utils==1.2.0"), null, versions("hello-utils"), "pin mismatch: hello-utils"),
            new FleetModel("hooked-model", List.of(), """
                    #!/bin/sh
                    # Pre-build hook: the platform's plugin, put into the environment before the requirements
                    # (without its dependencies, as the old runbook did).
                    set -eu
                    python3 -m venv /opt/venv
                    /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check --no-index \\
                      --find-links "$RELAY_WHEELHOUSE" --no-deps promote-plugin==1.0.0
                    """, versions("promote-plugin"), "pip check: promote-plugin"),
            new FleetModel("vision-legacy", List.of(), null, """
                        # Loads its legacy plugin the old way; imp left the standard library in Python 3.12.
                        import imp
                        print("plugin loader", imp.get_suffixes()[0])
                    """, "verify: python -c \"import vision_legacy; vision_legacy.check()\""));

    private final List<FleetModel> models;
    private final Map<String, ModelRepository> repos;

    private CampaignFleet(List<FleetModel> models, Map<String, ModelRepository> repos) {
        this.models = models;
        this.repos = repos;
    }

    /** {@code count} models that pass the demo campaign, named {@code <prefix>-01} on, for the benchmark. */
    public static List<FleetModel> passingModels(String prefix, int count) {
        List<FleetModel> models = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String pkg = i % 2 == 0 ? "hello-metrics" : "feature-store";
            models.add(new FleetModel(String.format("%s-%02d", prefix, i), List.of(pkg + (i % 2 == 0 ? "==1.0.0" : "==2.1.0")),
                    null, versions(pkg), null));
        }
        return List.copyOf(models);
    }

    /** The wheels every model and both platforms need, the model repositories and their GitOps deployments. */
    public static CampaignFleet open(Path projectRoot, Path repos, Path wheelhouseDir, String bootstrapServers, GitCli git,
                                     SampleGitOps gitops) {
        return open(projectRoot, repos, wheelhouseDir, bootstrapServers, git, gitops, MODELS);
    }

    /** The same for other models. */
    public static CampaignFleet open(Path projectRoot, Path repos, Path wheelhouseDir, String bootstrapServers, GitCli git,
                                     SampleGitOps gitops, List<FleetModel> models) {
        Wheelhouse wheelhouse = new Wheelhouse(wheelhouseDir);
        wheelhouse.add("promote", "1.10");
        wheelhouse.add("promote", "1.11");
        wheelhouse.add("feature-store", "2.1.0");
        wheelhouse.add("hello-metrics", "1.0.0");
        wheelhouse.add("hello-utils", "1.2.0");
        wheelhouse.add("legacy-tokenizer", "0.4.0", List.of(), "<3.12");
        wheelhouse.add("promote-plugin", "1.0.0", List.of("promote<1.11"));
        Map<String, ModelRepository> opened = new java.util.LinkedHashMap<>();
        for (FleetModel m : models) {
            opened.put(m.name(), ModelRepository.open(projectRoot, repos, m.name(), bootstrapServers, git));
        }
        gitops.addApps(models.stream().map(FleetModel::name).toList());
        return new CampaignFleet(models, opened);
    }

    public static List<String> names() {
        return MODELS.stream().map(FleetModel::name).toList();
    }

    public static List<String> passing() {
        return MODELS.stream().filter(FleetModel::passes).map(FleetModel::name).toList();
    }

    /** The models not released yet, each committed and its {@link #VERSION} tag pushed; their release ids. */
    public List<String> releaseUnreleased() {
        List<String> pushed = new ArrayList<>();
        for (FleetModel m : models) {
            ModelRepository repo = repos.get(m.name());
            if (repo.hasTag(VERSION)) {
                continue;
            }
            write(repo, m);
            repo.commitTagAndPush(VERSION, m.name() + " " + VERSION);
            pushed.add(m.name() + "@" + VERSION);
        }
        return pushed;
    }

    private static void write(ModelRepository repo, FleetModel m) {
        List<String> requirements = new ArrayList<>(List.of("# Platform rule: the platform package comes first.", "promote==1.10"));
        requirements.addAll(m.pins());
        repo.write("requirements.txt", String.join("\n", requirements) + "\n");
        repo.write("relay.yaml", """
                model: %s
                python: ">=3.8"
                verify:
                  - python -c "import %s; %s.check()"
                """.formatted(m.name(), m.module(), m.module()));
        repo.write(m.module() + "/__init__.py", """
                from importlib import metadata


                def check():
                %s""".formatted(m.checkBody()));
        if (m.hook() != null) {
            repo.write("promote.sh", m.hook());
        }
    }

    private static String versions(String pkg) {
        return """
                    for name in ("promote", "%s"):
                        print(name, metadata.version(name))
                """.formatted(pkg);
    }

    /**
     * Builds {@link #CAMPAIGN_BASE} on {@link #TRIXIE_BASE} unless it exists: the platform's next base, which bundles
     * its own {@code hello-utils 0.9.0} in {@code /opt/platform/site} on {@code PYTHONPATH}. Offline and quick: two
     * files copied, no {@code RUN}.
     */
    public static String ensureCampaignBase(Path workDir) {
        if (docker(workDir, "image", "inspect", CAMPAIGN_BASE).exitCode() == 0) {
            return CAMPAIGN_BASE + " already present";
        }
        if (docker(workDir, "image", "inspect", TRIXIE_BASE).exitCode() != 0) {
            throw new IllegalStateException(TRIXIE_BASE + " is missing; build it with: RELAY_DEBIAN_SUITE=trixie "
                    + "RELAY_PYTHON_BASE_IMAGE=" + TRIXIE_BASE + " deploy/base-images/python/build");
        }
        Path context = workDir.resolve("campaign-base-" + System.nanoTime());
        try {
            Path site = context.resolve("site");
            Files.createDirectories(site.resolve("hello_utils"));
            Files.createDirectories(site.resolve("hello_utils-0.9.0.dist-info"));
            Files.writeString(site.resolve("hello_utils/__init__.py"), "__version__ = \"0.9.0\"\n");
            Files.writeString(site.resolve("hello_utils-0.9.0.dist-info/METADATA"),
                    "Metadata-Version: 2.1\nName: hello-utils\nVersion: 0.9.0\n");
            Files.writeString(context.resolve("Dockerfile"), """
                    # The platform's next base: Python 3.13, and the platform's bundled utilities on every interpreter's path.
                    FROM %s
                    COPY site/ /opt/platform/site/
                    ENV PYTHONPATH=/opt/platform/site
                    LABEL org.opencontainers.image.title=relay-python-platform dev.relay.platform=2
                    """.formatted(TRIXIE_BASE));
            Command.Result built = docker(context, "build", "--network", "none", "-q", "-t", CAMPAIGN_BASE, ".");
            if (built.exitCode() != 0) {
                throw new IllegalStateException("docker build of " + CAMPAIGN_BASE + " failed:\n" + built.output());
            }
            return CAMPAIGN_BASE + " built";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            LocalChain.deleteRecursively(context);
        }
    }

    private static Command.Result docker(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return new Command(dir, Map.of(), Duration.ofMinutes(5), command).run();
    }
}
