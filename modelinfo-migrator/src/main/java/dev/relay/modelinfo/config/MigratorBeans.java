package dev.relay.modelinfo.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.relay.events.EventCodec;
import dev.relay.events.StageEvents;
import dev.relay.modelinfo.git.GitMigrationSource;
import dev.relay.modelinfo.migration.MigrationParser;
import dev.relay.modelinfo.migration.MigrationSource;
import dev.relay.modelinfo.migration.Migrator;
import dev.relay.modelinfo.migration.ModelLock;
import dev.relay.modelinfo.migration.ReleaseProcessor;
import dev.relay.modelinfo.store.MongoChangelog;
import dev.relay.modelinfo.store.MongoLockStore;
import dev.relay.modelinfo.store.MongoModelInfoOperations;
import dev.relay.modelinfo.store.MongoReleaseResults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;

/** Wires the framework-free core to MongoDB, git and configuration. */
@ApplicationScoped
public class MigratorBeans {

    @Produces
    @ApplicationScoped
    EventCodec codec() {
        return new EventCodec();
    }

    @Produces
    @ApplicationScoped
    MigrationParser parser() {
        return new MigrationParser();
    }

    @Produces
    @ApplicationScoped
    ModelLock modelLock(MongoClient client, MigratorConfig config) {
        MigratorConfig.Lock lock = config.lock();
        return new ModelLock(new MongoLockStore(database(client, config).getCollection(config.lockCollection())),
                lock.owner().orElseGet(MigratorBeans::defaultOwner), lock.ttl(), lock.maxWait(), lock.pollInterval(),
                Clock.systemUTC());
    }

    void closeLock(@Disposes ModelLock lock) {
        lock.close();
    }

    @Produces
    @ApplicationScoped
    Migrator migrator(MongoClient client, MigratorConfig config, ModelLock lock, MigrationParser parser) {
        MongoDatabase db = database(client, config);
        return new Migrator(new MongoModelInfoOperations(db.getCollection(config.collection())),
                new MongoChangelog(db.getCollection(config.changelogCollection())), lock, parser, Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    MigrationSource migrationSource(MigratorConfig config, MigrationParser parser) {
        return new GitMigrationSource(config.git().cacheDir(), parser, config.git().timeout());
    }

    @Produces
    @ApplicationScoped
    ReleaseProcessor releaseProcessor(MigrationSource source, Migrator migrator, MongoClient client, MigratorConfig config,
                                      EventCodec codec) {
        return new ReleaseProcessor(source, migrator,
                new MongoReleaseResults(database(client, config).getCollection(config.releasesCollection()), codec),
                new StageEvents(ReleaseProcessor.STAGE));
    }

    private static MongoDatabase database(MongoClient client, MigratorConfig config) {
        return client.getDatabase(config.database());
    }

    private static String defaultOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
