package dev.relay.modelinfo.config;

import jakarta.inject.Singleton;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.smallrye.common.annotation.Identifier;
import dev.relay.events.deadletter.DeadLetterFailureHandler;
import dev.relay.events.stage.ModelLanes;
import dev.relay.events.stage.PublishRetry;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.events.GitOpsReverted;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.EventSink;
import dev.relay.events.stage.StageRunner;
import dev.relay.modelinfo.core.MigrateStage;
import dev.relay.modelinfo.core.MigrationParser;
import dev.relay.modelinfo.core.MigrationReader;
import dev.relay.modelinfo.core.Migrator;
import dev.relay.modelinfo.core.ModelLock;
import dev.relay.modelinfo.core.ModelRepository;
import dev.relay.modelinfo.core.RevertStage;
import dev.relay.modelinfo.git.GitModelRepository;
import dev.relay.events.stage.StageMetrics;
import dev.relay.modelinfo.store.MongoChangelog;
import dev.relay.modelinfo.store.MongoLockStore;
import dev.relay.modelinfo.store.MongoModelInfoOperations;
import dev.relay.modelinfo.store.MongoReleaseResults;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;

/**
 * Builds the framework-free core on MongoDB, git and configuration, the StageRunner that the env.verified consumer
 * and REST share, and the rollback's StageRunner for gitops.reverted.
 */
@ApplicationScoped
public class ModelInfoMigratorWiring {

    /** Where env.verified records wait for a thread: models side by side, one model's in order. */
    @Produces
    @Singleton
    ModelLanes lanes(ModelInfoMigratorConfig config) {
        return new ModelLanes("modelinfo-migrate", config.concurrency());
    }

    void closeLanes(@Disposes ModelLanes lanes) {
        lanes.close();
    }

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
    ModelLock modelLock(MongoClient client, ModelInfoMigratorConfig config) {
        ModelInfoMigratorConfig.Lock lock = config.lock();
        return new ModelLock(new MongoLockStore(database(client, config).getCollection(config.lockCollection())),
                lock.owner().orElseGet(ModelInfoMigratorWiring::defaultOwner), lock.ttl(), lock.maxWait(), lock.pollInterval(),
                Clock.systemUTC());
    }

    void closeLock(@Disposes ModelLock lock) {
        lock.close();
    }

    @Produces
    @ApplicationScoped
    Migrator migrator(MongoClient client, ModelInfoMigratorConfig config, ModelLock lock, MigrationParser parser) {
        MongoDatabase db = database(client, config);
        return new Migrator(new MongoModelInfoOperations(db.getCollection(config.collection())),
                new MongoChangelog(db.getCollection(config.changelogCollection())), lock, parser, Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    ModelRepository modelRepository(ModelInfoMigratorConfig config) {
        return new GitModelRepository(config.git().cacheDir(), config.git().timeout());
    }

    @Produces
    @ApplicationScoped
    MigrationReader migrationReader(ModelRepository repository, MigrationParser parser) {
        return new MigrationReader(repository, parser);
    }

    @Produces
    @ApplicationScoped
    StageRunner<EnvVerified> stageRunner(MigrationReader reader, Migrator migrator, MongoClient client,
                                         ModelInfoMigratorConfig config, EventCodec codec, EventSink publisher,
                                         MeterRegistry registry) {
        return new StageRunner<>(new StageEvents(MigrateStage.STAGE), new MigrateStage(reader, migrator),
                new MongoReleaseResults(database(client, config).getCollection(config.releasesCollection()), codec),
                publisher, new StageMetrics(registry));
    }

    /**
     * The rollback's runner: gitops.reverted in, modelinfo.reverted out. Its outcomes are stored by rollback id
     * ({@code <model>@<to>~rollback-<suffix>}) in the same collection as the releases' (the ids cannot collide),
     * through its own store instance.
     */
    @Produces
    @ApplicationScoped
    StageRunner<GitOpsReverted> revertRunner(Migrator migrator, MongoClient client, ModelInfoMigratorConfig config,
                                             EventCodec codec, EventSink publisher, MeterRegistry registry) {
        return new StageRunner<>(new StageEvents(MigrateStage.STAGE), new RevertStage(migrator),
                new MongoReleaseResults(database(client, config).getCollection(config.releasesCollection()), codec),
                publisher, new StageMetrics(registry));
    }

    private static MongoDatabase database(MongoClient client, ModelInfoMigratorConfig config) {
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

    /** The failure strategy of every incoming channel here: a refused record never stops the consumer (README, "Bad records"). */
    @Produces
    @Singleton
    @Identifier(DeadLetterFailureHandler.STRATEGY)
    KafkaFailureHandler.Factory deadLetters(MeterRegistry registry) {
        return new DeadLetterFailureHandler.Factory(registry);
    }

    /** Consumers try a delivery again, for as long as it takes, when its events could not be published. */
    @Produces
    @Singleton
    PublishRetry publishRetry(ModelInfoMigratorConfig config) {
        return PublishRetry.withBackoff(config.publishRetry().initialDelay(), config.publishRetry().maxDelay());
    }
}
