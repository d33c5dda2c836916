package dev.relay.local;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A MongoDB wire-protocol server persisted to an H2 MVStore file, for the local run. Real
 * installations point {@code quarkus.mongodb.connection-string} at a real MongoDB instead.
 * Usage: {@code MongoServerMain <port> <file>}; binds 127.0.0.1 only.
 */
public final class MongoServerMain {

    private MongoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: MongoServerMain <port> <file>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(file.getParent());
        H2Backend backend = new H2Backend(file.toString());
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        System.out.println("mongo: listening on 127.0.0.1:" + port + ", data in " + file);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Closing the backend flushes the MVStore, so a stopped run keeps its data.
            server.shutdown();
            backend.close();
            stopped.countDown();
        }, "mongo-stop"));
        stopped.await();
    }
}
