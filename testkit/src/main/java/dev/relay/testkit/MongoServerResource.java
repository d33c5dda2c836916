package dev.relay.testkit;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A MongoDB wire-protocol server (mongo-java-server, in memory) on a random loopback port, driven
 * by the official driver exactly as a real MongoDB would be:
 * {@code @QuarkusTestResource(MongoServerResource.class)}.
 */
public class MongoServerResource implements QuarkusTestResourceLifecycleManager {

    private MongoServer server;

    /** Starts a server outside Quarkus, e.g. for plain JUnit tests of a store. */
    public static MongoServer startServer() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        return server;
    }

    public static String connectionString(MongoServer server) {
        InetSocketAddress address = server.getLocalAddress();
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    @Override
    public Map<String, String> start() {
        server = startServer();
        return Map.of(
                "quarkus.mongodb.connection-string", connectionString(server),
                "quarkus.mongodb.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
