package dev.relay.local;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@link MongoServerMain} as its own process, so the services reach it exactly as they would reach MongoDB. */
public final class MongoServerProcess implements AutoCloseable {

    private final ManagedProcess process;
    private final int port;

    private MongoServerProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MongoServerProcess start(Path dir, int port) {
        ManagedProcess process = ManagedProcess.start("mongo",
                List.of(Classpath.javaExecutable(), "-Xmx512m", "-cp", Classpath.forChildJvm(), MongoServerMain.class.getName(),
                        Integer.toString(port), dir.resolve("relay.mv").toString()),
                Map.of(), dir.resolve("mongo.out"));
        process.awaitReady(() -> listening(port), Duration.ofSeconds(30));
        return new MongoServerProcess(process, port);
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
