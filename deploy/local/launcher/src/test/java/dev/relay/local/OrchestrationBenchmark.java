package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.Infra;
import dev.relay.testkit.Processes;
import dev.relay.wheelhouse.Wheelhouse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: what Relay itself adds to a release, on real parts (processes, broker, engine, git). Starts the chain,
 * releases one small model (the first release after start), then 20 more one after another on the warm chain, each a
 * code-only change so its build reuses the dependency layers. For each: tag push to GitOps commit minus the build's
 * and the probe's own time (Kafka hops, checkouts, migrations, the GitOps commit and push), p50 and p99; each
 * service's time to ready and its RSS (now and peak) after the run. Asserts only that every release landed.
 *
 * <p>{@code ./mvnw -pl deploy/local/launcher test -Pbench -Dtest=OrchestrationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class OrchestrationBenchmark {

    private static final int WARM_RELEASES = 20;
    private static final String MODEL = "overhead-model";

    @TempDir
    Path state;

    @Test
    void whatRelayAddsToARelease() throws Exception {
        Infra.requireDocker();
        LocalChainConfig config = LocalInfrastructureTest.onFreePorts(state);
        GitCli git = new GitCli(state.resolve("home"));
        SampleGitOps gitops = SampleGitOps.open(config.repos(), git);
        gitops.addApps(List.of(MODEL));
        new Wheelhouse(config.wheelhouse()).add("promote", "1.10");
        try (LocalChain chain = LocalChain.start(config, System.out);
             ReleaseWatcher watcher = new ReleaseWatcher(chain.bootstrapServers(), new PrintStream(OutputStream.nullOutputStream()))) {
            ModelRepository repo = ModelRepository.open(config.projectRoot(), config.repos(), MODEL, chain.bootstrapServers(), git);
            writeModel(repo);
            ReleaseWatcher.Timing first = release(watcher, repo, 1);
            List<ReleaseWatcher.Timing> warm = new ArrayList<>();
            for (int i = 2; i <= WARM_RELEASES + 1; i++) {
                warm.add(release(watcher, repo, i));
            }

            System.out.printf("%norchestration benchmark: tag push to GitOps commit minus build and probe%n");
            System.out.printf("  first release after start: %,d ms (total %,d, build %,d, probe %,d)%n", first.restMillis(),
                    first.totalMillis(), first.buildMillis(), first.probeMillis());
            System.out.printf("  %d warm releases one after another: p50 %,d ms, p99 %,d ms, max %,d ms (total p50 %,d ms, build p50 %,d ms, probe p50 %,d ms)%n",
                    warm.size(), pct(warm, 50, ReleaseWatcher.Timing::restMillis), pct(warm, 99, ReleaseWatcher.Timing::restMillis),
                    pct(warm, 100, ReleaseWatcher.Timing::restMillis), pct(warm, 50, ReleaseWatcher.Timing::totalMillis),
                    pct(warm, 50, ReleaseWatcher.Timing::buildMillis), pct(warm, 50, ReleaseWatcher.Timing::probeMillis));
            System.out.println("  warm, per hop p50: " + hopMedians(warm));
            for (ServiceInstance instance : config.instances()) {
                long pid = chain.pid(instance);
                System.out.printf("  %-19s ready in %,d ms; RSS after the run %,d MiB, peak %,d MiB%n", instance.name(),
                        chain.readyMillis(instance), kib(pid, "VmRSS") / 1024, kib(pid, "VmHWM") / 1024);
            }
        } finally {
            Processes.run(state, Duration.ofMinutes(1), "sh", "-c", "docker images -q '" + MODEL + "' | sort -u | xargs -r docker rmi -f");
        }
    }

    private static ReleaseWatcher.Timing release(ReleaseWatcher watcher, ModelRepository repo, int n) {
        String version = "v0.1." + n;
        repo.write("overhead_model/__init__.py", "RELEASE = " + n + "\n");
        ReleaseWatcher.Track track = watcher.follow(MODEL + "@" + version);
        track.pushedNow();
        repo.commitTagAndPush(version, MODEL + " " + version);
        assertThat(track.awaitEnd(Duration.ofMinutes(5))).as(version).isTrue();
        assertThat(track.succeeded()).as(version + ": " + track.events()).isTrue();
        return track.timing();
    }

    private static void writeModel(ModelRepository repo) {
        repo.write("requirements.txt", "promote==1.10\n");
        repo.write("relay.yaml", """
                model: overhead-model
                python: ">=3.8"
                verify:
                  - python -c "import overhead_model"
                """);
    }

    /** A field of /proc/<pid>/status in KiB (VmRSS: now; VmHWM: the peak), -1 when the process is gone. */
    static long kib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException gone) {
            // reported as -1
        }
        return -1;
    }

    private static String hopMedians(List<ReleaseWatcher.Timing> timings) {
        Map<String, List<Long>> byHop = new LinkedHashMap<>();
        for (ReleaseWatcher.Timing t : timings) {
            t.hopMillis().forEach((hop, millis) -> byHop.computeIfAbsent(hop, k -> new ArrayList<>()).add(millis));
            t.stageMillis().forEach((stage, millis) -> byHop.computeIfAbsent(stage, k -> new ArrayList<>()).add(millis));
        }
        StringBuilder s = new StringBuilder();
        byHop.forEach((hop, values) -> s.append(String.format("%s %,d ms, ", hop, values.stream().sorted().toList().get(values.size() / 2))));
        return s.length() == 0 ? "none" : s.substring(0, s.length() - 2);
    }

    private static long pct(List<ReleaseWatcher.Timing> timings, int p, java.util.function.ToLongFunction<ReleaseWatcher.Timing> f) {
        List<Long> sorted = timings.stream().map(f::applyAsLong).sorted().toList();
        int index = Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
        return sorted.get(index);
    }
}
