package dev.relay.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole chain on this machine: a Kafka broker process, a MongoDB wire-protocol server
 * process persisted to a file, and the four services as their own JVMs ({@link LocalChainConfig#replicas()}
 * instances of each, one consumer group per service), each started once the previous one is ready.
 * Closing stops everything it started, newest first, and nothing else.
 */
public final class LocalChain implements AutoCloseable {

    private final LocalChainConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<ServiceInstance, String> baseUrls = new LinkedHashMap<>();
    private final Map<ServiceInstance, ManagedProcess> processes = new LinkedHashMap<>();
    private final Map<ServiceInstance, Long> readyMillis = new LinkedHashMap<>();
    private final java.time.Instant startedAt = java.time.Instant.now();
    private KafkaServer kafka;
    private MongoServerProcess mongo;
    private RegistryProcess registry;

    private LocalChain(LocalChainConfig config) {
        this.config = config;
    }

    public static LocalChain start(LocalChainConfig config, PrintStream out) {
        LocalChain chain = new LocalChain(config);
        try {
            chain.startAll(out);
            return chain;
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    private void startAll(PrintStream out) {
        for (Service service : Service.values()) {
            Path runnable = service.runnable(config.projectRoot());
            if (!Files.exists(runnable)) {
                throw new IllegalStateException(runnable + " is missing; build the services first: ./mvnw package -DskipTests");
            }
        }
        long t0 = System.nanoTime();
        kafka = KafkaServer.start(config.state().resolve("kafka"), config.kafkaPort(), config.kafkaControllerPort());
        started.push(kafka);
        out.printf("  kafka              %s (pid %d, %,d ms)%n", kafka.bootstrapServers(), kafka.pid(), millisSince(t0));
        t0 = System.nanoTime();
        mongo = MongoServerProcess.start(config.state().resolve("mongo"), config.mongoPort());
        started.push(mongo);
        out.printf("  mongo              %s (pid %d, %,d ms)%n", mongo.connectionString(), mongo.pid(), millisSince(t0));
        if (config.registryAddress().isPresent()) {
            t0 = System.nanoTime();
            registry = RegistryProcess.start(config.state().resolve("registry"), config.registryPort());
            started.push(registry);
            out.printf("  registry           %s (pid %d, %,d ms)%n", registry.address(), registry.pid(), millisSince(t0));
        }
        for (ServiceInstance instance : config.instances()) {
            t0 = System.nanoTime();
            ManagedProcess process = startService(instance);
            readyMillis.put(instance, millisSince(t0));
            out.printf("  %-20s %s (pid %d, ready in %,d ms)%n", name(instance), baseUrls.get(instance), process.pid(),
                    readyMillis.get(instance));
        }
    }

    /** The service's id alone with one replica (as before replicas existed), else with the instance's index. */
    private String name(ServiceInstance instance) {
        return config.replicas() == 1 ? instance.service().id() : instance.name();
    }

    private ManagedProcess startService(ServiceInstance instance) {
        int port = config.port(instance);
        String baseUrl = "http://127.0.0.1:" + port;
        Service service = instance.service();
        List<String> command = List.of(Classpath.javaExecutable(), "-Xms64m", "-Xmx384m",
                "-Drelay.local=true", "-jar", service.runnable(config.projectRoot()).toString());
        ManagedProcess process = ManagedProcess.start(instance.name(), command, environment(instance, port), log(instance));
        started.push(process);
        processes.put(instance, process);
        process.awaitReady(() -> ManagedProcess.answers200(baseUrl + "/q/health/ready"), Duration.ofSeconds(120));
        baseUrls.put(instance, baseUrl);
        return process;
    }

    /** The instance's process id, for its memory figures (/proc/<pid>/status). */
    public long pid(ServiceInstance instance) {
        return processes.get(instance).pid();
    }

    /** Milliseconds from the instance's start to its first ready answer, as printed at start. */
    public long readyMillis(ServiceInstance instance) {
        return readyMillis.getOrDefault(instance, -1L);
    }

    /** The instance's log: {@code logs/<service>-<index>.log} in the state folder. */
    public Path log(ServiceInstance instance) {
        return config.state().resolve("logs").resolve(instance.name() + ".log");
    }

    /**
     * Kills the service with SIGKILL, as a crash would, and starts it again with the same command and
     * environment (so the same instance id); returns once it is ready again.
     *
     * @return milliseconds from the kill to the restarted service answering ready
     */
    public long killAndRestart(Service service) {
        return killAndRestart(new ServiceInstance(service, 0));
    }

    /** The same for one instance of a service. */
    public long killAndRestart(ServiceInstance instance) {
        ManagedProcess old = processes.get(instance);
        long t0 = System.nanoTime();
        old.kill();
        started.remove(old);
        startService(instance);
        return millisSince(t0);
    }

    /**
     * Kills the broker with SIGKILL and starts it again on the same data folder and ports, as a crashed
     * broker node coming back; the services are not touched and reconnect by themselves.
     *
     * @param down how long the broker stays away
     * @return milliseconds from the kill to the broker answering again
     */
    public long killAndRestartKafka(Duration down) {
        long t0 = System.nanoTime();
        kafka.kill();
        started.remove(kafka);
        try {
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the broker was down", e);
        }
        kafka = KafkaServer.start(config.state().resolve("kafka"), config.kafkaPort(), config.kafkaControllerPort());
        // Closed last, as when it was started first: the services stop before their broker.
        started.addLast(kafka);
        return millisSince(t0);
    }

    /** What each service is told, as environment variables, exactly as a container would be configured. */
    Map<String, String> environment(ServiceInstance instance, int port) {
        Path state = config.state();
        Service service = instance.service();
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_MONGODB_CONNECTION_STRING", mongo.connectionString());
        // Stable across restarts, unique per instance: static group membership, so a restarted
        // instance takes its partitions back at once (Kubernetes sets it to the pod name).
        env.put("RELAY_INSTANCE_ID", instance.instanceId());
        // Its own caches: two instances fetching into one git cache folder would corrupt it.
        Path cache = state.resolve("cache").resolve(instance.name());
        switch (service) {
            case IMAGE_BUILDER -> {
                env.put("RELAY_BUILDER_WHEELHOUSE", config.wheelhouse().toString());
                config.registryAddress().ifPresent(a -> env.put("RELAY_BUILDER_REGISTRY_ADDRESS", a));
                env.put("RELAY_BUILDER_CACHE_DIR", cache.toString());
            }
            case ENV_MIGRATOR -> {
                env.put("RELAY_ENV_GIT_CACHE_DIR", cache.toString());
                // Pulls by digest what its engine lacks (here the engine is image-builder's, so only after a cleanup).
                config.registryAddress().ifPresent(a -> env.put("RELAY_ENV_REGISTRY_ADDRESS", a));
            }
            case MODELINFO_MIGRATOR -> env.put("RELAY_MODELINFO_GIT_CACHE_DIR", cache.toString());
            case RELEASE_BUMPER -> {
                env.put("RELAY_GITOPS_REPO_URL", config.gitopsRepoUrl());
                env.put("RELAY_GITOPS_BRANCH", "main");
                env.put("RELAY_GITOPS_CACHE_DIR", cache.toString());
            }
        }
        env.putAll(config.extraEnvironment().getOrDefault(service, Map.of()));
        return env;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String mongoConnectionString() {
        return mongo.connectionString();
    }

    /** The service's first instance: any instance serves any request, as behind a Kubernetes Service. */
    public String baseUrl(Service service) {
        return baseUrl(new ServiceInstance(service, 0));
    }

    public String baseUrl(ServiceInstance instance) {
        return baseUrls.get(instance);
    }

    public LocalChainConfig config() {
        return config;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("relay: could not stop a process cleanly: " + e.getMessage());
            }
        }
        LeftoverContainers.removeProbesCreatedSince(startedAt);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
