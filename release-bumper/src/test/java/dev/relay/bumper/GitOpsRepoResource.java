package dev.relay.bumper;

import dev.relay.bumper.core.GitOpsFixture;
import dev.relay.bumper.git.GitHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GitOps repository behind a real smart-HTTP git server with Basic auth, for {@code @QuarkusTest}s.
 * The tests learn where the bare repository lives from the config key {@code relay.test.bare-dir}.
 */
public class GitOpsRepoResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "relay";
    public static final String TOKEN = "quarkus-test-token-31337";
    public static final String[] MODELS = {"msg-model", "dup-model", "kafka-model", "kafka-dup-model", "rest-model",
        "rollback-model", "after-dlq-model", "events-model", "rb-model", "rb-busy-model", "campaign-model", "campaign-kafka-model"};
    /** The image of the golden modelinfo.migrated (hello-model) before its release. */
    public static final String GOLDEN_BEFORE = "registry.local:5000/hello-model:v0.0.10";

    private GitHttpServer server;

    public static String image(String model, String version) {
        return "registry.example.com:5000/team/" + model + ":" + version;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path tmp = Files.createTempDirectory("relay-bumper-it");
            Map<String, String> files = new LinkedHashMap<>();
            for (String model : MODELS) {
                files.put("apps/" + model + "/deployment.yaml", GitOpsFixture.deployment(image(model, "v1")));
            }
            files.put("apps/hello-model/deployment.yaml", GitOpsFixture.deployment(GOLDEN_BEFORE));
            Path bare = GitOpsFixture.seed(tmp.resolve("srv"), "gitops", files);
            server = GitHttpServer.start(tmp.resolve("srv"), USER, TOKEN);
            return Map.of(
                    "relay.gitops.repo-url", server.url("gitops.git"),
                    "relay.gitops.username", USER,
                    "relay.gitops.token", TOKEN,
                    "relay.gitops.cache-dir", tmp.resolve("cache").toString(),
                    "relay.gitops.push.backoff", "50ms",
                    "relay.test.bare-dir", bare.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
