package dev.relay.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the local run keeps its state, which loopback ports it uses and how many instances of each service it
 * starts. The defaults stay clear of a Kafka (9092) or MongoDB (27017) the machine may already run.
 *
 * @param servicePorts the port of each service's first instance; instance {@code i} listens on that plus
 *                     {@value #INSTANCE_PORT_STEP}{@code  * i} (8081, 8181, ...)
 * @param replicas     instances of every service, one consumer group each, as Kubernetes replicas would be
 * @param registryPort the loopback port of the image registry the run starts (image-builder pushes to it,
 *                     env-migrator pulls from it by digest), 0 for none: images then stay in the engine
 */
public record LocalChainConfig(Path projectRoot, Path state, int kafkaPort, int kafkaControllerPort, int mongoPort,
                               Map<Service, Integer> servicePorts, Map<Service, Map<String, String>> extraEnvironment,
                               int replicas, int registryPort) {

    /** Between the ports of two instances of a service: 100 leaves the four services' 8081-8084 apart. */
    public static final int INSTANCE_PORT_STEP = 100;

    public LocalChainConfig {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
        }
    }

    public LocalChainConfig(Path projectRoot, Path state, int kafkaPort, int kafkaControllerPort, int mongoPort,
                            Map<Service, Integer> servicePorts) {
        this(projectRoot, state, kafkaPort, kafkaControllerPort, mongoPort, servicePorts, Map.of(), 1, 0);
    }

    /** The same with {@code replicas} instances of every service. */
    public LocalChainConfig withReplicas(int replicas) {
        return new LocalChainConfig(projectRoot, state, kafkaPort, kafkaControllerPort, mongoPort, servicePorts, extraEnvironment,
                replicas, registryPort);
    }

    /** The same with an image registry on {@code port} (0: none). */
    public LocalChainConfig withRegistry(int port) {
        return new LocalChainConfig(projectRoot, state, kafkaPort, kafkaControllerPort, mongoPort, servicePorts, extraEnvironment,
                replicas, port);
    }

    /** {@code 127.0.0.1:<port>} of the registry, when the run has one. */
    public java.util.Optional<String> registryAddress() {
        return registryPort == 0 ? java.util.Optional.empty() : java.util.Optional.of("127.0.0.1:" + registryPort);
    }

    /** What image references start with: {@code 127.0.0.1:<port>/} with a registry, nothing without. */
    public String imagePrefix() {
        return registryAddress().map(a -> a + "/").orElse("");
    }

    /** The same, with one more environment variable for one service (credentials, say). */
    public LocalChainConfig withEnvironment(Service service, String name, String value) {
        Map<Service, Map<String, String>> extra = new EnumMap<>(Service.class);
        extra.putAll(extraEnvironment);
        Map<String, String> forService = new java.util.HashMap<>(extra.getOrDefault(service, Map.of()));
        forService.put(name, value);
        extra.put(service, Map.copyOf(forService));
        return new LocalChainConfig(projectRoot, state, kafkaPort, kafkaControllerPort, mongoPort, servicePorts, extra, replicas, registryPort);
    }

    public static LocalChainConfig defaults(Path projectRoot, Path state) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, s.defaultPort());
        }
        // The local run pushes through a real registry, as production does (README "Scaling out").
        return new LocalChainConfig(projectRoot, state, 19092, 19093, 27018, ports).withRegistry(15000);
    }

    /** The port of the service's first instance. */
    public int port(Service service) {
        return servicePorts.get(service);
    }

    public int port(ServiceInstance instance) {
        return port(instance.service()) + INSTANCE_PORT_STEP * instance.index();
    }

    /** Every instance to start, in start order: the chain's services in order, each one's instances together. */
    public List<ServiceInstance> instances() {
        List<ServiceInstance> all = new ArrayList<>();
        for (Service service : Service.values()) {
            for (int i = 0; i < replicas; i++) {
                all.add(new ServiceInstance(service, i));
            }
        }
        return List.copyOf(all);
    }

    public Path repos() {
        return state.resolve("repos");
    }

    public Path wheelhouse() {
        return state.resolve("wheelhouse");
    }

    public String gitopsRepoUrl() {
        return "file://" + repos().resolve("gitops.git");
    }
}
