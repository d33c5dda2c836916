package dev.relay.modelinfo.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import dev.relay.modelinfo.core.MigrationParser;
import dev.relay.modelinfo.core.Migrator;
import dev.relay.modelinfo.core.ModelLock;
import dev.relay.modelinfo.store.MongoChangelog;
import dev.relay.modelinfo.store.MongoLockStore;
import dev.relay.modelinfo.store.MongoModelInfoOperations;
import dev.relay.testkit.MongoServerResource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.bson.Document;

/** An in-memory MongoDB wire-protocol server and a driver that records every command it sends. */
public final class MongoFixture implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;
    private final CommandRecorder recorder = new CommandRecorder();
    private final List<ModelLock> locks = new java.util.concurrent.CopyOnWriteArrayList<>();

    public MongoFixture() {
        this(MongoServerResource.startServer());
    }

    /** A server on another backend, e.g. H2 as in the local run. */
    public MongoFixture(de.bwaldvogel.mongo.MongoBackend backend) {
        this(bind(new MongoServer(backend)));
    }

    private static MongoServer bind(MongoServer server) {
        server.bind("127.0.0.1", 0);
        return server;
    }

    private MongoFixture(MongoServer server) {
        this.server = server;
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(MongoServerResource.connectionString(server)))
                .addCommandListener(recorder)
                .build());
    }

    public MongoDatabase db() {
        return client.getDatabase("relay");
    }

    public MongoCollection<Document> modelinfo() {
        return db().getCollection("modelinfo");
    }

    public MongoClient client() {
        return client;
    }

    public String connectionString() {
        return MongoServerResource.connectionString(server);
    }

    /** Commands sent since the last reset, by name. */
    public List<String> commands() {
        synchronized (recorder.commands) {
            return List.copyOf(recorder.commands);
        }
    }

    public void resetCommands() {
        recorder.commands.clear();
    }

    public Migrator migrator(Duration lockWait) {
        return migrator(lockWait, "test-" + UUID.randomUUID());
    }

    public Migrator migrator(Duration lockWait, String owner) {
        return migrator(lockWait, owner, Duration.ofSeconds(30));
    }

    /** {@code lockTtl} also sets how often the lock is extended (every ttl/3), which sends a command. */
    public Migrator migrator(Duration lockWait, String owner, Duration lockTtl) {
        return migrator(lockWait, owner, lockTtl, Clock.systemUTC());
    }

    /** {@code clock} dates the changelog entries ({@code appliedAt}), e.g. a clock a test moves on. */
    public Migrator migrator(Duration lockWait, Clock clock) {
        return migrator(lockWait, "test-" + UUID.randomUUID(), Duration.ofSeconds(30), clock);
    }

    private Migrator migrator(Duration lockWait, String owner, Duration lockTtl, Clock clock) {
        ModelLock lock = new ModelLock(new MongoLockStore(db().getCollection("modelinfo_locks")), owner,
                lockTtl, lockWait, Duration.ofMillis(50), Clock.systemUTC());
        locks.add(lock); // closed with the fixture, which stops its renewer thread
        return new Migrator(new MongoModelInfoOperations(modelinfo()), new MongoChangelog(db().getCollection("modelinfo_changelog")),
                lock, new MigrationParser(), clock);
    }

    /**
     * Driver command monitoring. A named class with a no-arg constructor: the Quarkus MongoDB extension
     * picks up every CommandListener in the test index as a bean, which an anonymous class cannot be.
     */
    public static final class CommandRecorder implements CommandListener {
        // Not a CopyOnWriteArrayList: the benchmark sends millions of commands.
        final List<String> commands = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        @Override
        public void commandStarted(CommandStartedEvent event) {
            commands.add(event.getCommandName());
        }
    }

    @Override
    public void close() {
        locks.forEach(ModelLock::close);
        client.close();
        server.shutdownNow();
    }
}
