package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The compose file and the Kubernetes manifests agree with each service's own configuration:
 * ports, health probes, the environment variables it is given (each one a key the service
 * knows) and the topics it uses.
 */
class DeploymentFilesTest {

    private static final Path ROOT = ProjectRoot.find();
    private static Map<String, Object> compose;
    private static final Map<Service, ServiceConfiguration> configs = new LinkedHashMap<>();

    @BeforeAll
    static void read() {
        compose = map(Merges.resolve(load(ROOT.resolve("deploy/compose/compose.yaml")).get(0)));
        for (Service service : Service.values()) {
            configs.put(service, ServiceConfiguration.of(ROOT, service));
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void composeGivesEachServiceItsPortItsProbeAndOnlyKeysItKnows(Service service) {
        ServiceConfiguration config = configs.get(service);
        Map<String, Object> definition = map(map(compose.get("services")).get(service.id()));
        Map<String, Object> env = map(definition.get("environment"));

        assertThat(definition.get("network_mode")).isEqualTo("host");
        assertThat(env.get("QUARKUS_HTTP_PORT")).isEqualTo(Integer.toString(config.httpPort()));
        assertThat(env).containsKey("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(env.containsKey("QUARKUS_MONGODB_CONNECTION_STRING")).as("Mongo connection").isEqualTo(config.usesMongo());
        assertThat(env.keySet()).allSatisfy(var -> assertThat(config.accepts(var)).as(service.id() + " knows " + var).isTrue());
        assertThat(String.join(" ", strings(map(definition.get("healthcheck")).get("test"))))
                .contains("http://127.0.0.1:" + config.httpPort() + "/q/health/ready");
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void kubernetesGivesEachServiceProbesResourcesAndOnlyKeysItKnows(Service service) {
        ServiceConfiguration config = configs.get(service);
        Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
        for (Object doc : load(ROOT.resolve("deploy/kubernetes/base/" + service.id() + ".yaml"))) {
            byKind.put((String) map(doc).get("kind"), map(doc));
        }
        Map<String, Object> configMap = map(byKind.get("ConfigMap").get("data"));
        Map<String, Object> container = map(list(path(byKind.get("Deployment"), "spec", "template", "spec").get("containers")).get(0));

        assertThat(configMap.get("QUARKUS_HTTP_PORT")).isEqualTo(Integer.toString(config.httpPort()));
        assertThat(configMap).containsKey("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(configMap.containsKey("QUARKUS_MONGODB_CONNECTION_STRING")).isEqualTo(config.usesMongo());
        Set<String> given = new TreeSet<>(configMap.keySet());
        if (byKind.containsKey("Secret")) {
            given.addAll(map(byKind.get("Secret").get("stringData")).keySet());
        }
        assertThat(given).allSatisfy(var -> assertThat(config.accepts(var)).as(service.id() + " knows " + var).isTrue());

        assertThat(map(list(container.get("ports")).get(0))).containsEntry("containerPort", config.httpPort()).containsEntry("name", "http");
        assertThat(path(container, "livenessProbe", "httpGet")).containsEntry("path", "/q/health/live").containsEntry("port", "http");
        assertThat(path(container, "readinessProbe", "httpGet")).containsEntry("path", "/q/health/ready").containsEntry("port", "http");
        assertThat(path(container, "resources")).containsKeys("requests", "limits");
        List<String> envFrom = list(container.get("envFrom")).stream()
                .map(ref -> (String) map(map(ref).getOrDefault("configMapRef", map(ref).get("secretRef"))).get("name")).toList();
        assertThat(envFrom).containsOnly(service.id());
        assertThat(path(byKind.get("Service"), "spec")).containsKey("selector");
    }

    @Test
    void strimziTopicsAreExactlyTheTopicsTheServicesAndTheHookUse() {
        Set<String> used = new TreeSet<>(Set.of(Topics.RELEASE_TAGGED));
        configs.values().forEach(c -> used.addAll(c.topics()));
        Set<String> declared = new TreeSet<>();
        for (Object doc : load(ROOT.resolve("deploy/kubernetes/base/kafka-topics.yaml"))) {
            assertThat(map(doc).get("kind")).isEqualTo("KafkaTopic");
            declared.add((String) path(map(doc), "spec").get("topicName"));
        }

        assertThat(declared).isEqualTo(used);
        assertThat(new TreeSet<>(KafkaServer.TOPICS)).as("topics the local run creates").isEqualTo(used);
        assertThat(declared).contains(Topics.RELEASE_TAGGED, Topics.IMAGE_BUILT, Topics.ENV_VERIFIED, Topics.MODELINFO_MIGRATED,
                Topics.GITOPS_UPDATED, Topics.RELEASE_FAILED, Topics.RELEASE_STATUS, Topics.dlq(Topics.RELEASE_TAGGED));
    }

    @Test
    void everyTopicHasTheSamePartitionsInKubernetesComposeAndTheLocalRun() {
        Map<String, Object> strimziPartitions = new LinkedHashMap<>();
        for (Object doc : load(ROOT.resolve("deploy/kubernetes/base/kafka-topics.yaml"))) {
            Map<String, Object> spec = path(map(doc), "spec");
            String topic = (String) spec.get("topicName");
            strimziPartitions.put(topic, spec.get("partitions"));
            // A replica more than the in-sync minimum: one broker may be down and producers still write.
            assertThat((Integer) spec.get("replicas")).as(topic + " replicas").isEqualTo(3)
                    .isGreaterThan((Integer) map(spec.get("config")).get("min.insync.replicas"));
        }
        assertThat(strimziPartitions).as("Strimzi partitions per topic").hasSize(KafkaServer.TOPICS.size())
                .allSatisfy((topic, n) -> assertThat(n).as(topic).isEqualTo(KafkaServer.PARTITIONS));

        Map<String, Object> services = map(compose.get("services"));
        Map<String, Object> topics = map(map(services.get("kafka-topics")).get("environment"));
        assertThat(Set.of(((String) topics.get("RELAY_TOPICS")).split("\\s+"))).as("topics compose creates")
                .isEqualTo(Set.copyOf(KafkaServer.TOPICS));
        assertThat(topics.get("RELAY_PARTITIONS")).isEqualTo(Integer.toString(KafkaServer.PARTITIONS));
        // One broker in compose, as in the local run: one replica of each partition.
        assertThat(topics.get("RELAY_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(map(map(services.get("kafka")).get("environment")).get("KAFKA_NUM_PARTITIONS"))
                .isEqualTo(Integer.toString(KafkaServer.PARTITIONS));
        for (Service service : Service.values()) {
            assertThat(map(map(services.get(service.id())).get("depends_on"))).as(service.id() + " waits for its topics")
                    .containsKey("kafka-topics");
        }
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        Path base = ROOT.resolve("deploy/kubernetes/base");
        List<String> manifests;
        try (Stream<Path> files = Files.list(base)) {
            manifests = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .sorted().toList();
        }
        List<String> resources = strings(map(load(base.resolve("kustomization.yaml")).get(0)).get("resources"));
        assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
    }

    static List<Object> load(Path file) {
        try {
            List<Object> docs = new ArrayList<>();
            new Load(LoadSettings.builder().setLabel(file.toString()).build())
                    .loadAllFromString(Files.readString(file)).forEach(d -> {
                        if (d != null) {
                            docs.add(d);
                        }
                    });
            return docs;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }

    static Map<String, Object> path(Map<String, Object> root, String... keys) {
        Map<String, Object> current = root;
        for (String key : keys) {
            current = map(current.get(key));
        }
        return current;
    }

    @Test
    void prometheusScrapesEveryServiceAndGrafanaLoadsTheDashboardFromIt() throws Exception {
        Map<String, Object> prometheus = map(load(ROOT.resolve("deploy/grafana/prometheus.yml")).get(0));
        Map<String, Object> job = map(((List<?>) prometheus.get("scrape_configs")).get(0));
        assertThat(job.get("metrics_path")).isEqualTo("/q/metrics");
        List<String> targets = strings(map(((List<?>) job.get("static_configs")).get(0)).get("targets"));
        assertThat(targets).containsExactlyInAnyOrderElementsOf(configs.values().stream()
                .map(c -> "127.0.0.1:" + c.httpPort()).toList());

        Map<String, Object> services = map(compose.get("services"));
        for (String tool : List.of("prometheus", "grafana")) {
            assertThat(map(services.get(tool)).get("network_mode")).as(tool).isEqualTo("host");
        }
        Map<String, Object> datasource = map(((List<?>) map(load(ROOT.resolve(
                "deploy/grafana/provisioning/datasources/prometheus.yaml")).get(0)).get("datasources")).get(0));
        String dashboard = java.nio.file.Files.readString(ROOT.resolve("deploy/grafana/dashboards/relay.json"));
        var panels = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dashboard).get("panels");
        assertThat(panels.size()).isGreaterThanOrEqualTo(8);
        panels.forEach(panel -> assertThat(panel.get("datasource").get("uid").asText()).as(panel.get("title").asText())
                .isEqualTo(datasource.get("uid")));
    }

    /** YAML merge keys ({@code <<: *anchor}), which compose uses and YAML 1.2 parsers leave to the application. */
    static final class Merges {
        static Object resolve(Object node) {
            if (node instanceof Map<?, ?> m) {
                Map<String, Object> result = new LinkedHashMap<>();
                Object merge = m.get("<<");
                if (merge != null) {
                    for (Object source : merge instanceof List<?> l ? l : List.of(merge)) {
                        map(resolve(source)).forEach(result::put);
                    }
                }
                m.forEach((k, v) -> {
                    if (!"<<".equals(k)) {
                        result.put(String.valueOf(k), resolve(v));
                    }
                });
                return result;
            }
            if (node instanceof List<?> l) {
                return l.stream().map(Merges::resolve).toList();
            }
            return node;
        }
    }
}
