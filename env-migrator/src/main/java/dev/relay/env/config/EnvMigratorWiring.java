package dev.relay.env.config;

import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.smallrye.common.annotation.Identifier;
import dev.relay.events.deadletter.DeadLetterFailureHandler;
import dev.relay.events.stage.ModelLanes;
import dev.relay.events.stage.PublishRetry;
import com.github.dockerjava.api.DockerClient;
import com.mongodb.client.MongoClient;
import dev.relay.env.core.Cutover;
import dev.relay.env.core.EnvironmentHistory;
import dev.relay.env.core.HistoryStageResults;
import dev.relay.env.core.ImageProbe;
import dev.relay.env.core.ImagePuller;
import dev.relay.env.core.ModelConfigSource;
import dev.relay.env.core.RollbackLog;
import dev.relay.env.core.RollbackStage;
import dev.relay.env.core.VerifyStage;
import dev.relay.env.core.campaign.CampaignOutcomes;
import dev.relay.env.core.campaign.CampaignStore;
import dev.relay.env.core.campaign.Campaigns;
import dev.relay.env.core.campaign.Inventory;
import dev.relay.env.core.campaign.ModelMarks;
import dev.relay.env.store.MongoCampaignStore;
import dev.relay.env.store.MongoModelMarks;
import java.security.SecureRandom;
import java.util.HexFormat;
import dev.relay.env.docker.DockerClients;
import dev.relay.env.docker.DockerImageProbe;
import dev.relay.env.docker.DockerImagePuller;
import dev.relay.env.docker.ProbeSettings;
import dev.relay.env.git.JGitModelConfigSource;
import dev.relay.events.stage.StageMetrics;
import dev.relay.env.store.MongoEnvironmentHistory;
import dev.relay.env.store.MongoRollbackLog;
import dev.relay.events.EventCodec;
import dev.relay.events.ImageBuilt;
import dev.relay.events.ModelInfoReverted;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.EventSink;
import dev.relay.events.stage.StageListener;
import dev.relay.events.stage.StageResults;
import dev.relay.events.stage.StageRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** Builds the framework-free core and its adapters from configuration, and the stage runner around it. */
@ApplicationScoped
public class EnvMigratorWiring {

    @Produces
    @Singleton
    EventCodec codec() {
        return new EventCodec();
    }

    @Produces
    @Singleton
    StageEvents stageEvents() {
        return new StageEvents(VerifyStage.STAGE);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    DockerClient docker(EnvMigratorConfig config) {
        return DockerClients.create(config.docker().host().orElseGet(DockerClients::defaultHost), config.docker().apiVersion());
    }

    void closeDocker(@Disposes DockerClient docker) throws IOException {
        docker.close();
    }

    // The two ports below are normal-scoped so tests can replace them (QuarkusMock) under a built stage.
    @Produces
    @ApplicationScoped
    @DefaultBean
    ImageProbe probe(DockerClient docker, EnvMigratorConfig config) {
        EnvMigratorConfig.Probe p = config.probe();
        return new DockerImageProbe(docker, new ProbeSettings(p.timeout(), p.memoryBytes(), p.cpus(), p.pids(),
                p.outputLimitBytes(), p.tailChars()));
    }

    /** Pulls a pushed image by digest when this engine is not the one it was built on. */
    @Produces
    @ApplicationScoped
    @DefaultBean
    ImagePuller puller(DockerClient docker, EnvMigratorConfig config) {
        EnvMigratorConfig.Registry r = config.registry();
        Optional<DockerImagePuller.Registry> registry = r.address().map(address ->
                new DockerImagePuller.Registry(address, r.username().orElse(null), r.password().orElse(null)));
        return new DockerImagePuller(docker, registry, r.pullTimeout());
    }

    @Produces
    @ApplicationScoped
    @DefaultBean
    ModelConfigSource configSource(EnvMigratorConfig config) {
        return new JGitModelConfigSource(Path.of(config.git().cacheDir()
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "relay-env-git").toString())),
                config.git().timeout());
    }

    @Produces
    @Singleton
    EnvironmentHistory history(MongoClient mongo, EnvMigratorConfig config, EventCodec codec) {
        return new MongoEnvironmentHistory(mongo, config.database(), config.collection(), codec.mapper());
    }

    @Produces
    @Singleton
    VerifyStage verifyStage(ImageProbe probe, ImagePuller puller, ModelConfigSource configs, EnvironmentHistory history, Clock clock) {
        return new VerifyStage(probe, puller, configs, history, clock);
    }

    /** Where image.built records wait for a probe: models side by side, one model's in order. */
    @Produces
    @Singleton
    ModelLanes probeLanes(EnvMigratorConfig config) {
        return new ModelLanes("env-probe", config.concurrency());
    }

    void closeProbeLanes(@Disposes ModelLanes lanes) {
        lanes.close();
    }

    @Produces
    @Singleton
    StageListener stageMetrics(MeterRegistry registry) {
        return new StageMetrics(registry);
    }

    @Produces
    @Singleton
    StageRunner<ImageBuilt> verifyRunner(VerifyStage stage, EnvironmentHistory history, EventSink publisher,
                                         StageListener metrics) {
        StageEvents events = new StageEvents(VerifyStage.STAGE);
        return new StageRunner<>(events, stage, new HistoryStageResults(history, events), publisher, metrics);
    }

    @Produces
    @Singleton
    RollbackLog rollbackLog(MongoClient mongo, EnvMigratorConfig config, EventCodec codec, Clock clock) {
        return new MongoRollbackLog(mongo, config.database(), config.rollbackCollection(), codec, clock);
    }

    /** Rollbacks from {@code modelinfo.reverted}: outcomes stored and replayed by rollback id, in their own collection. */
    @Produces
    @Singleton
    StageRunner<ModelInfoReverted> rollbackRunner(EnvironmentHistory history, RollbackLog log, Clock clock,
                                                  EventSink publisher, StageListener metrics) {
        return new StageRunner<>(new StageEvents(VerifyStage.STAGE), new RollbackStage(history, log, clock), log,
                publisher, metrics);
    }

    @Produces
    @Singleton
    Cutover cutover(EnvironmentHistory history, Clock clock) {
        return new Cutover(history, clock);
    }

    @Produces
    @Singleton
    CampaignStore campaignStore(MongoClient mongo, EnvMigratorConfig config, EventCodec codec) {
        return new MongoCampaignStore(mongo, config.database(), config.campaignCollection(), codec.mapper());
    }

    @Produces
    @Singleton
    ModelMarks marks(MongoClient mongo, EnvMigratorConfig config) {
        return new MongoModelMarks(mongo, config.database(), config.markCollection());
    }

    @Produces
    @Singleton
    Inventory inventory(EnvironmentHistory history, ModelMarks marks) {
        return new Inventory(history, marks);
    }

    @Produces
    @Singleton
    Campaigns campaigns(CampaignStore store, EnvironmentHistory history, ModelMarks marks, EventSink publisher, Clock clock) {
        SecureRandom random = new SecureRandom();
        return new Campaigns(store, history, marks, publisher, clock, () -> {
            byte[] bytes = new byte[3];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        });
    }

    @Produces
    @Singleton
    CampaignOutcomes campaignOutcomes(CampaignStore store, VerifyStage verify, EnvironmentHistory history, Cutover cutover,
                                      StageEvents events, EventSink publisher, Clock clock) {
        return new CampaignOutcomes(store, verify, history, cutover, events, publisher, clock);
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
    PublishRetry publishRetry(EnvMigratorConfig config) {
        return PublishRetry.withBackoff(config.publishRetry().initialDelay(), config.publishRetry().maxDelay());
    }
}
