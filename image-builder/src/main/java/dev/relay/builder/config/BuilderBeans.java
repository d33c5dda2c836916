package dev.relay.builder.config;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.relay.builder.core.BuilderSettings;
import dev.relay.builder.core.ImageEngine;
import dev.relay.builder.core.PackageSource;
import dev.relay.builder.core.ReleaseBuilder;
import dev.relay.builder.core.RequirementsPolicy;
import dev.relay.builder.core.SourceCheckout;
import dev.relay.builder.docker.DockerImageEngine;
import dev.relay.builder.git.JGitCheckout;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Wires the framework-free core to its configuration. */
@ApplicationScoped
public class BuilderBeans {

    @Produces
    @Singleton
    DockerClient dockerClient(BuilderConfig config) {
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
    ImageEngine imageEngine(DockerClient client, BuilderConfig config) {
        Optional<DockerImageEngine.Registry> registry = config.registry().address().map(address ->
                new DockerImageEngine.Registry(address, config.registry().username().orElse(null),
                        config.registry().password().orElse(null)));
        return new DockerImageEngine(client, config.network(), config.buildTimeout(), config.contextMaxBytes(), registry);
    }

    @Produces
    @ApplicationScoped
    @DefaultBean
    SourceCheckout sourceCheckout(BuilderConfig config) {
        return new JGitCheckout(config.cacheDir(), config.gitTimeout());
    }

    @Produces
    @Singleton
    BuilderSettings settings(BuilderConfig config) {
        RequirementsPolicy policy = new RequirementsPolicy(false, config.allowDirectReferences(), config.allowIndexOptions(),
                config.platformPackage(), config.platformPackageRequired());
        PackageSource source = config.wheelhouse().map(PackageSource::wheelhouse)
                .orElseGet(() -> config.indexUrl().map(PackageSource::index).orElseGet(PackageSource::none));
        return new BuilderSettings(config.baseImage(), policy, source, config.registry().address(), config.contextMaxBytes(),
                config.cacheDir().resolve("work"));
    }

    @Produces
    @Singleton
    ReleaseBuilder releaseBuilder(SourceCheckout checkout, ImageEngine engine, BuilderSettings settings) {
        return new ReleaseBuilder(checkout, engine, settings, Clock.systemUTC());
    }
}
