package dev.relay.local;

import dev.relay.testkit.Infra;
import dev.relay.testkit.Processes;
import dev.relay.wheelhouse.Wheelhouse;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: 100 models released at once, twice each, on the local run with its registry (processes, broker, engine,
 * registry, git). Prints how many releases landed exactly once and in order, the wall time, each stage's own time and
 * the end-to-end time (tag push to GitOps commit), p50/p95, and each service instance's peak RSS. Instances per
 * service: {@code -Drelay.bench.replicas} (1); models: {@code -Drelay.bench.models} (100).
 *
 * <p>{@code ./mvnw -pl deploy/local/launcher test -Pbench -Dtest=LoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class LoadBenchmark {

    private static final int MODELS = Integer.getInteger("relay.bench.models", 100);
    private static final int REPLICAS = Integer.getInteger("relay.bench.replicas", 1);
    private static final String V1 = "v1.0.0";
    private static final String V2 = "v1.0.1";

    @TempDir
    Path state;

    @Test
    void hundredModelsReleasedTwiceAtOnce() throws Exception {
        Infra.requireDocker();
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, ReplicasEndToEndTest.freePortFor(REPLICAS));
        }
        LocalChainConfig config = new LocalChainConfig(ProjectRoot.find(), state, LocalInfrastructureTest.freePort(),
                LocalInfrastructureTest.freePort(), LocalInfrastructureTest.freePort(), ports).withReplicas(REPLICAS)
                .withRegistry(LocalInfrastructureTest.freePort());
        GitCli git = new GitCli(state.resolve("home"));
        SampleGitOps gitops = SampleGitOps.open(config.repos(), git, config.imagePrefix());
        List<String> models = new ArrayList<>();
        for (int i = 1; i <= MODELS; i++) {
            models.add(String.format("load-%03d", i));
        }
        try (LocalChain chain = LocalChain.start(config, System.out);
             ReleaseWatcher watcher = new ReleaseWatcher(chain.bootstrapServers(), new PrintStream(OutputStream.nullOutputStream()))) {
            new Wheelhouse(config.wheelhouse()).add("promote", "1.10");
            gitops.addApps(models);
            long commitsBefore = gitops.commitCount();
            Map<String, ModelRepository> repos = new LinkedHashMap<>();
            for (String model : models) {
                ModelRepository repo = ModelRepository.open(config.projectRoot(), config.repos(), model, chain.bootstrapServers(), git);
                // Both commits ahead of time: the pushes below are then only git pushes, as close to "at once" as git allows.
                ReplicasEndToEndTest.writeModel(repo, model, "first");
                repos.put(model, repo);
            }
            List<ReleaseWatcher.Track> tracks = new ArrayList<>();
            for (String model : models) {
                tracks.add(watcher.follow(model + "@" + V1));
                tracks.add(watcher.follow(model + "@" + V2));
            }
            long t0 = System.nanoTime();
            tracks.forEach(ReleaseWatcher.Track::pushedNow);
            for (String model : models) {
                ModelRepository repo = repos.get(model);
                repo.commitTagAndPush(V1, model + " " + V1);
                ReplicasEndToEndTest.writeModel(repo, model, "second");
                repo.commitTagAndPush(V2, model + " " + V2);
            }
            long pushMillis = (System.nanoTime() - t0) / 1_000_000;
            int ended = 0;
            for (ReleaseWatcher.Track track : tracks) {
                if (track.awaitEnd(Duration.ofMinutes(30))) {
                    ended++;
                }
            }
            long wallMillis = (System.nanoTime() - t0) / 1_000_000;

            List<String> landed = gitops.releaseIdsOldestFirst(commitsBefore);
            int onceAndInOrder = 0;
            for (String model : models) {
                int first = landed.indexOf(model + "@" + V1);
                int second = landed.indexOf(model + "@" + V2);
                boolean once = landed.stream().filter(id -> id.equals(model + "@" + V1) || id.equals(model + "@" + V2)).count() == 2;
                if (once && first >= 0 && first < second) {
                    onceAndInOrder++;
                }
            }
            long succeeded = tracks.stream().filter(ReleaseWatcher.Track::succeeded).count();
            Map<String, List<Long>> stageMillis = new LinkedHashMap<>();
            List<Long> endToEnd = new ArrayList<>();
            for (ReleaseWatcher.Track track : tracks) {
                if (!track.succeeded()) {
                    continue;
                }
                ReleaseWatcher.Timing timing = track.timing();
                endToEnd.add(timing.totalMillis());
                timing.stageMillis().forEach((stage, millis) -> stageMillis.computeIfAbsent(stage, k -> new ArrayList<>()).add(millis));
            }
            System.out.printf("%nload benchmark: %d models released twice at once, %d instance(s) per service, registry %s%n",
                    MODELS, REPLICAS, config.registryAddress().orElse("none"));
            System.out.printf("  releases: %d pushed (in %,d ms), %d ended, %d succeeded; models landed exactly once and in order: %d of %d (GitOps commits: %d)%n",
                    tracks.size(), pushMillis, ended, succeeded, onceAndInOrder, MODELS, landed.size());
            System.out.printf("  wall time, first push to last outcome: %,d ms%n", wallMillis);
            stageMillis.forEach((stage, millis) -> System.out.printf("  %-19s own time %s%n", stage, stats(millis)));
            System.out.printf("  end to end (tag push to GitOps commit) %s%n", stats(endToEnd));
            for (ServiceInstance instance : config.instances()) {
                System.out.printf("  %-19s peak RSS %,d MiB%n", instance.name(), OrchestrationBenchmark.kib(chain.pid(instance), "VmHWM") / 1024);
            }
        } finally {
            for (String model : models) {
                Processes.run(state, Duration.ofMinutes(1), "sh", "-c",
                        "(docker images -q '" + model + "'; docker images -q '*/" + model + "') | sort -u | xargs -r docker rmi -f");
            }
        }
    }

    private static String stats(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return String.format("p50 %,d ms, p95 %,d ms, max %,d ms", sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)), sorted.get(sorted.size() - 1));
    }
}
