package dev.relay.local;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the local run keeps its state and which loopback ports it uses. The defaults stay clear
 * of a Kafka (9092) or MongoDB (27017) the machine may already run.
 */
public record LocalChainConfig(Path projectRoot, Path state, int kafkaPort, int kafkaControllerPort, int mongoPort,
                               Map<Service, Integer> servicePorts, Map<Service, Map<String, String>> extraEnvironment) {

    public LocalChainConfig(Path projectRoot, Path state, int kafkaPort, int kafkaControllerPort, int mongoPort,
                            Map<Service, Integer> servicePorts) {
        this(projectRoot, state, kafkaPort, kafkaControllerPort, mongoPort, servicePorts, Map.of());
    }

    /** The same, with one more environment variable for one service (credentials, say). */
    public LocalChainConfig withEnvironment(Service service, String name, String value) {
        Map<Service, Map<String, String>> extra = new EnumMap<>(Service.class);
        extra.putAll(extraEnvironment);
        Map<String, String> forService = new java.util.HashMap<>(extra.getOrDefault(service, Map.of()));
        forService.put(name, value);
        extra.put(service, Map.copyOf(forService));
        return new LocalChainConfig(projectRoot, state, kafkaPort, kafkaControllerPort, mongoPort, servicePorts, extra);
    }

    public static LocalChainConfig defaults(Path projectRoot, Path state) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, s.defaultPort());
        }
        return new LocalChainConfig(projectRoot, state, 19092, 19093, 27018, ports);
    }

    public int port(Service service) {
        return servicePorts.get(service);
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
