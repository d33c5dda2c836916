package dev.relay.builder.config;

import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.smallrye.common.annotation.Identifier;
import dev.relay.events.deadletter.DeadLetterFailureHandler;
import dev.relay.events.stage.ModelLanes;
import dev.relay.events.stage.PublishRetry;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.relay.builder.core.BuildQueue;
import dev.relay.builder.core.BuildStage;
import dev.relay.builder.core.BuildStates;
import dev.relay.builder.core.BuilderSettings;
import dev.relay.builder.core.ImageEngine;
import dev.relay.builder.core.ImageResults;
import dev.relay.builder.core.PackageSource;
import dev.relay.builder.core.RebuildStage;
import dev.relay.builder.core.RequirementsPolicy;
import dev.relay.builder.core.SourceCheckout;
import dev.relay.builder.docker.DockerImageEngine;
import dev.relay.builder.docker.RegistryRetry;
import dev.relay.builder.git.JGitCheckout;
import dev.relay.builder.messaging.EventPublisher;
import dev.relay.builder.metrics.BuildCounter;
import dev.relay.events.stage.StageMetrics;
import dev.relay.events.RebuildRequested;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.StageRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Builds the framework-free core from the configuration, and the stage runner it runs on. */
@ApplicationScoped
public class ImageBuilderWiring {

    private static final Logger BUILD_LOG = Logger.getLogger(BuildStage.class);

    @Produces
    @Singleton
    DockerClient dockerClient(ImageBuilderConfig config) {
        String host = config.dockerHost()
                .or(() -> Optional.ofNullable(System.getenv("DOCKER_HOST")).filter(h -> !h.isBlank()))
                .orElse("unix:///var/run/docker.sock");
        // API 1.41 is what the platform's engines speak; pinning it avoids a version negotiation round trip.
        DockerClientConfig clientConfig = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host).withApiVersion("1.41").build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(clientConfig.getDockerHost()).sslConfig(clientConfig.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5)).build();
        return DockerClientImpl.getInstance(clientConfig, http);
    }

    void closeDockerClient(@Disposes DockerClient client) throws IOException {
        client.close();
    }

    @Produces
    @ApplicationScoped
    @DefaultBean
    ImageEngine imageEngine(DockerClient client, ImageBuilderConfig config) {
        Optional<DockerImageEngine.Registry> registry = config.registry().address().map(address ->
                new DockerImageEngine.Registry(address, config.registry().username().orElse(null),
                        config.registry().password().orElse(null)));
        ImageBuilderConfig.Retry retry = config.registry().retry();
        return new DockerImageEngine(client, config.network(), config.buildTimeout(), config.contextMaxBytes(), registry,
                RegistryRetry.withBackoff(retry.maxRetries(), retry.initialDelay(), retry.maxDelay()));
    }

    @Produces
    @ApplicationScoped
    @DefaultBean
    SourceCheckout sourceCheckout(ImageBuilderConfig config) {
        return new JGitCheckout(config.cacheDir(), config.gitTimeout());
    }

    @Produces
    @Singleton
    BuilderSettings settings(ImageBuilderConfig config) {
        RequirementsPolicy policy = new RequirementsPolicy(false, config.allowDirectReferences(), config.allowIndexOptions(),
                config.platformPackage(), config.platformPackageRequired());
        PackageSource source = config.wheelhouse().map(PackageSource::wheelhouse)
                .orElseGet(() -> config.indexUrl().map(PackageSource::index).orElseGet(PackageSource::none));
        return new BuilderSettings(config.baseImage(), policy, source, config.registry().address(), config.contextMaxBytes(),
                config.cacheDir().resolve("work"));
    }

    @Produces
    @Singleton
    BuildStates buildStates(ImageBuilderConfig config) {
        return new BuildStates(config.logTailLines(), (releaseId, line) -> BUILD_LOG.infof("[%s] %s", releaseId, line));
    }

    /** One stage instance for both runners: a release and a campaign rebuild share its build path. */
    @Produces
    @Singleton
    BuildStage buildStage(SourceCheckout checkout, ImageEngine engine, BuilderSettings settings, BuildStates states) {
        return new BuildStage(checkout, engine, settings, states, Clock.systemUTC());
    }

    @Produces
    @Singleton
    StageRunner<ReleaseTagged> stageRunner(BuildStage stage, ImageEngine engine, BuilderSettings settings,
                                           EventPublisher publisher, MeterRegistry metrics) {
        return new StageRunner<>(new StageEvents(BuildStage.STAGE), stage, new ImageResults(engine, settings), publisher,
                new StageMetrics(metrics));
    }

    /** The campaign rebuild's runner: the same stage name, store and sink, so its events look like a release's. */
    @Produces
    @Singleton
    StageRunner<RebuildRequested> rebuildRunner(BuildStage stage, ImageEngine engine, BuilderSettings settings,
                                                EventPublisher publisher, MeterRegistry metrics) {
        return new StageRunner<>(new StageEvents(BuildStage.STAGE), new RebuildStage(stage), new ImageResults(engine, settings),
                publisher, new StageMetrics(metrics));
    }

    @Produces
    @Singleton
    BuildQueue buildQueue(StageRunner<ReleaseTagged> releases, StageRunner<RebuildRequested> rebuilds, BuildStates states,
                          ImageBuilderConfig config, MeterRegistry metrics, PublishRetry publishRetry) {
        return new BuildQueue(releases, rebuilds, new ModelLanes("image-build", config.parallelism()), states, new BuildCounter(metrics),
                run -> publishRetry.untilPublished(run, RelayEvent.class));
    }

    void stopBuildQueue(@Disposes BuildQueue queue) {
        queue.close();
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
    PublishRetry publishRetry(ImageBuilderConfig config) {
        return PublishRetry.withBackoff(config.publishRetry().initialDelay(), config.publishRetry().maxDelay());
    }
}
