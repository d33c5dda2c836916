package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.Infra;
import dev.relay.testkit.Processes;
import dev.relay.wheelhouse.Wheelhouse;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale out on real parts: two instances of every service (one consumer group per service, topics of
 * {@link KafkaServer#PARTITIONS} partitions), ten models released twice each at once. Every release lands exactly once
 * and in order per model (one GitOps commit each, v1's before v2's, the file at v2), and both instances of every
 * service did some of the work (their own {@code /q/metrics}).
 */
class ReplicasEndToEndTest {

    private static final int REPLICAS = 2;
    private static final int MODELS = 10;
    private static final String V1 = "v0.1.0";
    private static final String V2 = "v0.2.0";
    private static final Map<Service, String> GROUPS = Map.of(Service.IMAGE_BUILDER, "image-builder",
            Service.ENV_MIGRATOR, "env-migrator", Service.MODELINFO_MIGRATOR, "modelinfo-migrator",
            Service.RELEASE_BUMPER, "release-bumper");
    private static final PrintStream out = System.out;

    @TempDir
    Path state;

    @Test
    void tenModelsReleasedTwiceAtOnceLandOnceAndInOrderOnTwoInstancesOfEveryService() throws Exception {
        Infra.requireDocker();
        Infra.requireCommand("kcat");
        Infra.requireCommand("git");
        long t0 = System.nanoTime();
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, freePortFor(REPLICAS));
        }
        LocalChainConfig config = new LocalChainConfig(ProjectRoot.find(), state, LocalInfrastructureTest.freePort(),
                LocalInfrastructureTest.freePort(), LocalInfrastructureTest.freePort(), ports).withReplicas(REPLICAS)
                .withRegistry(LocalInfrastructureTest.freePort());
        GitCli git = new GitCli(state.resolve("home"));
        SampleGitOps gitops = SampleGitOps.open(config.repos(), git, config.imagePrefix());
        List<String> models = spreadModels();
        try (LocalChain chain = LocalChain.start(config, out);
             ReleaseWatcher watcher = new ReleaseWatcher(chain.bootstrapServers(), out)) {
            long started = System.nanoTime();
            new Wheelhouse(config.wheelhouse()).add("promote", "1.10");
            gitops.addApps(models);
            long commitsBefore = gitops.commitCount();
            Map<String, ModelRepository> repos = new LinkedHashMap<>();
            for (String model : models) {
                repos.put(model, ModelRepository.open(config.projectRoot(), config.repos(), model, chain.bootstrapServers(), git));
            }
            awaitTwoMembersInEveryGroup(chain.bootstrapServers());

            List<ReleaseWatcher.Track> tracks = new ArrayList<>();
            for (String model : models) {
                tracks.add(watcher.follow(model + "@" + V1));
                tracks.add(watcher.follow(model + "@" + V2));
            }
            long pushed = System.nanoTime();
            tracks.forEach(ReleaseWatcher.Track::pushedNow);
            // Each model's two tags back to back, all models one after another: twenty releases in flight at once.
            for (String model : models) {
                ModelRepository repo = repos.get(model);
                writeModel(repo, model, "first");
                repo.commitTagAndPush(V1, model + " " + V1);
                writeModel(repo, model, "second");
                repo.commitTagAndPush(V2, model + " " + V2);
            }
            for (ReleaseWatcher.Track track : tracks) {
                assertThat(track.awaitEnd(Duration.ofMinutes(4))).as(track.releaseId() + " finished; events: " + track.events()).isTrue();
                assertThat(track.succeeded()).as(track.releaseId() + " succeeded; events: " + track.events()).isTrue();
            }
            long releasedMillis = (System.nanoTime() - pushed) / 1_000_000;

            // Exactly once and in order, from the GitOps repository itself.
            List<String> releaseIds = gitops.releaseIdsOldestFirst(commitsBefore);
            assertThat(releaseIds).as("one GitOps commit per release, nothing else").hasSize(2 * MODELS)
                    .doesNotHaveDuplicates();
            for (String model : models) {
                assertThat(releaseIds.indexOf(model + "@" + V1)).as(model + ": v1's commit before v2's")
                        .isNotNegative().isLessThan(releaseIds.indexOf(model + "@" + V2));
                assertThat(gitops.fileAt("main", SampleGitOps.fileOf(model)))
                        .isEqualTo(SampleGitOps.deployment(model, config.imagePrefix())
                                .replace(model + ":v0.0.0", model + ":" + V2));
                // Every image went through the registry: image-builder pushed both tags there.
                assertThat(get("http://" + config.registryAddress().orElseThrow() + "/v2/" + model + "/tags/list"))
                        .as(model + " in the registry").contains("\"" + V1 + "\"").contains("\"" + V2 + "\"");
            }

            // Both instances of every service did some of the work, and together each release once.
            Map<String, Long> succeeded = new LinkedHashMap<>();
            for (ServiceInstance instance : config.instances()) {
                String metrics = get(chain.baseUrl(instance) + "/q/metrics");
                succeeded.put(instance.name(), stageRuns(metrics, instance.service().id(), "succeeded"));
                assertThat(stageRuns(metrics, instance.service().id(), "failed")).as(instance.name() + " failed runs").isZero();
            }
            out.println("replicas: succeeded stage runs per instance " + succeeded);
            assertThat(succeeded).allSatisfy((instance, runs) -> assertThat(runs).as(instance + " handled releases").isPositive());
            for (Service service : Service.values()) {
                long total = succeeded.entrySet().stream().filter(e -> e.getKey().startsWith(service.id() + "-"))
                        .mapToLong(Map.Entry::getValue).sum();
                assertThat(total).as(service.id() + " runs over both instances").isEqualTo(2L * MODELS);
            }
            out.printf("replicas: %d instances per service, %d releases of %d models: chain started in %,d ms, "
                            + "tag pushes to the last GitOps commit %,d ms, test wall time %,d ms%n", REPLICAS, 2 * MODELS, MODELS,
                    (started - t0) / 1_000_000, releasedMillis, (System.nanoTime() - t0) / 1_000_000);
        } finally {
            for (String model : models) {
                Processes.run(state, Duration.ofMinutes(1), "sh", "-c", "(docker images -q '" + model + "'; docker images -q '*/" + model + "') | sort -u | xargs -r docker rmi -f");
            }
        }
    }

    /**
     * Ten model names that cover every partition both as the hook's kcat places them on {@code release.tagged}
     * (librdkafka's default: CRC32 of the key) and as the services' Java producers place them on every later topic
     * (murmur2): each instance then owns partitions that carry releases, whichever half the assignor gives it.
     */
    static List<String> spreadModels() {
        Set<Integer> crc = new TreeSet<>();
        Set<Integer> murmur = new TreeSet<>();
        List<String> chosen = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 1; chosen.size() + rest.size() < 200; i++) {
            String name = String.format("scale-%02d", i);
            int c = crcPartition(name);
            int m = murmurPartition(name);
            if (chosen.size() < MODELS && (!crc.contains(c) || !murmur.contains(m))) {
                chosen.add(name);
                crc.add(c);
                murmur.add(m);
            } else {
                rest.add(name);
            }
        }
        for (String name : rest) {
            if (chosen.size() == MODELS) {
                break;
            }
            chosen.add(name);
        }
        Set<Integer> all = new TreeSet<>();
        for (int p = 0; p < KafkaServer.PARTITIONS; p++) {
            all.add(p);
        }
        assertThat(crc).as("release.tagged partitions of " + chosen).isEqualTo(all);
        assertThat(murmur).as("partitions of the later topics of " + chosen).isEqualTo(all);
        return List.copyOf(chosen);
    }

    private static int crcPartition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % KafkaServer.PARTITIONS);
    }

    private static int murmurPartition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % KafkaServer.PARTITIONS;
    }

    /** A tiny model: the platform pin only (so every model shares the dependency layers) and a module that changes. */
    static void writeModel(ModelRepository repo, String model, String revision) {
        repo.write("requirements.txt", "# Platform rule: the platform package comes first.\npromote==1.10\n");
        repo.write("relay.yaml", "model: " + model + "\n");
        repo.write(model.replace('-', '_') + "/__init__.py", "REVISION = \"" + revision + "\"\n");
    }

    /**
     * Waits until each service's stage group is stable with one member per instance, each owning partitions: a
     * release pushed during the second instance's join could otherwise all be done by the first.
     */
    private static void awaitTwoMembersInEveryGroup(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = Admin.create(props)) {
            Map<String, ConsumerGroupDescription> groups = Map.of();
            while (System.nanoTime() < deadline) {
                groups = admin.describeConsumerGroups(GROUPS.values()).all().get(10, TimeUnit.SECONDS);
                if (groups.values().stream().allMatch(g -> g.groupState() == GroupState.STABLE && g.members().size() == REPLICAS
                        && g.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty()))) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("consumer groups not stable with " + REPLICAS + " members: " + groups);
        }
    }

    /** The instance's {@code relay_stage_runs_total} of its stage with this result, summed over reasons. */
    static long stageRuns(String prometheus, String stage, String result) {
        Pattern line = Pattern.compile("^relay_stage_runs_total\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(prometheus);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("stage=\"" + stage + "\"") && m.group(1).contains("result=\"" + result + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return Math.round(sum);
    }

    /** A port free for {@code replicas} instances: it and every {@link LocalChainConfig#INSTANCE_PORT_STEP} above it. */
    static int freePortFor(int replicas) throws java.io.IOException {
        while (true) {
            int port = LocalInfrastructureTest.freePort();
            boolean free = true;
            for (int i = 1; i < replicas && free; i++) {
                try (java.net.ServerSocket socket = new java.net.ServerSocket(port + LocalChainConfig.INSTANCE_PORT_STEP * i)) {
                    free = socket.getLocalPort() > 0;
                } catch (java.io.IOException taken) {
                    free = false;
                }
            }
            if (free && port + LocalChainConfig.INSTANCE_PORT_STEP * replicas < 65536) {
                return port;
            }
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
