package dev.relay.builder.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.relay.builder.core.BuildLog;
import dev.relay.builder.core.BuildStage;
import dev.relay.builder.core.BuilderSettings;
import dev.relay.builder.core.PackageSource;
import dev.relay.builder.core.RequirementsPolicy;
import dev.relay.events.Release;
import dev.relay.events.ReleaseTagged;
import dev.relay.builder.docker.DockerImageEngine;
import dev.relay.builder.git.JGitCheckout;
import dev.relay.testkit.GitFixtures;
import dev.relay.testkit.Infra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Not a test: {@code ./mvnw -f image-builder/pom.xml test -Pbench -Dtest=BuildBenchmark}. Builds the
 * sample model cold (its hook carries a fresh nonce, so no layer of it is cached), then a release
 * that changes only code, and prints both times and their ratio.
 */
class BuildBenchmark {

    @Test
    void coldBuildVersusCodeOnlyRebuild() throws Exception {
        Infra.requireDocker();
        String run = UUID.randomUUID().toString().substring(0, 6);
        Path dir = Files.createTempDirectory("relay-ib-bench");
        String host = Optional.ofNullable(System.getenv("DOCKER_HOST")).orElse("unix:///var/run/docker.sock");
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).withApiVersion("1.41").build();
        DockerClient client = DockerClientImpl.getInstance(config,
                new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        String model = "bench-" + run;
        try {
            Path wheels = SampleModels.wheelhouse(dir.resolve("wheels")).dir();
            BuilderSettings settings = new BuilderSettings("relay/python-base:3.11", RequirementsPolicy.strict("promote"),
                    PackageSource.wheelhouse(wheels), Optional.empty(), 512L << 20, dir.resolve("work"));
            BuildStage builder = new BuildStage(new JGitCheckout(dir.resolve("cache"), Duration.ofMinutes(1)),
                    new DockerImageEngine(client, "none", Duration.ofMinutes(15), 512L << 20, Optional.empty()), settings,
                    release -> new BuildLog(20, line -> { }), Clock.systemUTC());

            Path bare = GitFixtures.bareRepository(dir, model);
            GitFixtures.WorkingCopy wc = SampleModels.writeSample(GitFixtures.clone(bare, dir.resolve("wc")), model);
            wc.write("promote.sh", "#!/bin/sh\n# nonce " + run + "\necho promoted > /opt/relay/promoted\n");
            String one = wc.commit("one");
            wc.tagLightweight("v1").push();
            wc.write("model.py", "import tinymath\nVERSION = 2\n");
            String two = wc.commit("code only");
            wc.tagLightweight("v2").push();

            double cold = time(builder, Release.of(model, "v1", bare.toUri().toString(), one, "bench", Instant.now()));
            double rebuild = time(builder, Release.of(model, "v2", bare.toUri().toString(), two, "bench", Instant.now()));
            System.out.printf("%nimage-builder benchmark (sample model, wheelhouse, network none)%n");
            System.out.printf("  cold build:               %6.1f s%n", cold);
            System.out.printf("  rebuild, code-only change: %6.1f s%n", rebuild);
            System.out.printf("  ratio cold/rebuild:        %6.1f x%n%n", cold / rebuild);
        } finally {
            client.listImagesCmd().withLabelFilter(java.util.Map.of("dev.relay.model", model)).exec()
                    .forEach(i -> client.removeImageCmd(i.getId()).withForce(true).exec());
            client.close();
        }
    }

    /** The stage alone, not the runner: a build failure is thrown, not published. */
    private static double time(BuildStage builder, Release release) {
        long start = System.nanoTime();
        builder.run(new ReleaseTagged(release));
        return (System.nanoTime() - start) / 1e9;
    }
}
