package dev.relay.env;

import dev.relay.testkit.Processes;
import dev.relay.wheelhouse.Wheelhouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The few small model images the tests probe, built once per test JVM from relay/python-base:3.11 and
 * wheels made by the testkit, with the docker CLI, network none, classic builder. Tags carry a run id
 * kept in a system property (shared by Quarkus' and JUnit's class loaders, so no image is built twice)
 * and are removed by a shutdown hook when the test JVM ends.
 */
public final class TestImages {

    private static final String RUN_PROPERTY = "relay.env.test.run";

    /** promote 1.10, needs-dep 0.3, tiny-dep 2.0.0 in a venv first on PATH. */
    public static final String A = "a";
    /** promote 1.11, tiny-dep 3.0.0, extra 0.1: needs-dep gone, a major jump. */
    public static final String B = "b";
    /** A plus orphan 1.0, installed without its dependency missing-thing: pip check fails. */
    public static final String ORPHAN = "orphan";
    /** the base image with its interpreter removed. */
    public static final String NO_PYTHON = "nopython";

    private TestImages() {
    }

    public static String ref(String name) {
        return "relay-env-test-" + runId() + "/" + name + ":1";
    }

    /** The wheelhouse every image was built from (for reproducing an exported spec). */
    public static synchronized Path wheels() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "relay-env-test-" + runId(), "wheels");
        if (!Files.isDirectory(dir)) {
            Wheelhouse w = new Wheelhouse(dir);
            w.add("promote", "1.10");
            w.add("promote", "1.11");
            w.add("tiny-dep", "2.0.0");
            w.add("tiny-dep", "3.0.0");
            w.add("needs_dep", "0.3", List.of("tiny-dep>=2"));
            w.add("extra", "0.1");
            w.add("orphan", "1.0", List.of("missing-thing==9"));
        }
        return dir;
    }

    public static synchronized String ensure(String name) {
        String ref = ref(name);
        if (Processes.run(Path.of("."), Duration.ofSeconds(30), "docker", "image", "inspect", ref).exitCode() == 0) {
            return ref;
        }
        String venv = "python3 -m venv /opt/venv && /opt/venv/bin/pip install -q --no-index --find-links /wheels ";
        String dockerfile = switch (name) {
            case A -> "FROM relay/python-base:3.11\nCOPY wheels /wheels\nRUN " + venv
                    + "promote==1.10 needs-dep==0.3 tiny-dep==2.0.0\nENV PATH=/opt/venv/bin:$PATH\n";
            case B -> "FROM relay/python-base:3.11\nCOPY wheels /wheels\nRUN " + venv
                    + "promote==1.11 tiny-dep==3.0.0 extra==0.1\nENV PATH=/opt/venv/bin:$PATH\n";
            case ORPHAN -> "FROM " + ensure(A) + "\nRUN pip install -q --no-index --no-deps --find-links /wheels orphan==1.0\n";
            case NO_PYTHON -> "FROM relay/python-base:3.11\nRUN rm -f /usr/bin/python3 /usr/bin/python3.*\n";
            default -> throw new IllegalArgumentException(name);
        };
        try {
            Path ctx = Files.createTempDirectory("relay-env-image");
            Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
            if (dockerfile.contains("COPY wheels")) {
                Path target = Files.createDirectories(ctx.resolve("wheels"));
                try (var files = Files.list(wheels())) {
                    for (Path whl : files.toList()) {
                        Files.copy(whl, target.resolve(whl.getFileName()));
                    }
                }
            }
            registerCleanup();
            Processes.run(ctx, Map.of("DOCKER_BUILDKIT", "0"), Duration.ofMinutes(5),
                    List.of("docker", "build", "--network", "none", "--force-rm", "-q", "-t", ref, ctx.toString()))
                    .requireSuccess();
            return ref;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String runId() {
        synchronized (System.getProperties()) {
            String id = System.getProperty(RUN_PROPERTY);
            if (id == null) {
                id = UUID.randomUUID().toString().substring(0, 8);
                System.setProperty(RUN_PROPERTY, id);
            }
            return id;
        }
    }

    private static void registerCleanup() {
        synchronized (System.getProperties()) {
            if (System.getProperty(RUN_PROPERTY + ".cleanup") != null) {
                return;
            }
            System.setProperty(RUN_PROPERTY + ".cleanup", "registered");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestImages::removeAll, "relay-env-test-images"));
    }

    /** Removes every image of this run (ORPHAN first: it is built on A). */
    public static void removeAll() {
        List<String> refs = new ArrayList<>();
        for (String name : List.of(ORPHAN, A, B, NO_PYTHON)) {
            refs.add(ref(name));
        }
        List<String> cmd = new ArrayList<>(List.of("docker", "rmi", "-f"));
        cmd.addAll(refs);
        Processes.run(Path.of("."), Map.of(), Duration.ofMinutes(2), cmd);
    }
}
