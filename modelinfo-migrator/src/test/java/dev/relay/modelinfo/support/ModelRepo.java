package dev.relay.modelinfo.support;

import dev.relay.events.EnvDiff;
import dev.relay.events.EnvVerified;
import dev.relay.events.Environment;
import dev.relay.events.Image;
import dev.relay.events.ModelConfig;
import dev.relay.events.Release;
import dev.relay.testkit.GitFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A real model repository (bare "server" + working clone) that tests commit migration files to. */
public final class ModelRepo implements AutoCloseable {

    private final String model;
    private final Path remote;
    private final GitFixtures.WorkingCopy wc;

    public ModelRepo(String model) {
        this.model = model;
        try {
            Path dir = Files.createTempDirectory("relay-model-" + model);
            remote = GitFixtures.bareRepository(dir, model);
            wc = GitFixtures.clone(remote, dir.resolve("wc"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return remote.toUri().toString();
    }

    public ModelRepo write(String path, String content) {
        wc.write(path, content);
        return this;
    }

    public ModelRepo delete(String path) {
        wc.delete(path);
        return this;
    }

    /** Commits, tags and pushes; returns the commit id. */
    public String release(String version) {
        String commit = wc.commit("release " + version);
        wc.tagLightweight(version).push();
        return commit;
    }

    /** The release block of {@code version} at {@code commit} of this repository. */
    public Release releaseOf(String version, String commit) {
        return Release.of(model, version, url(), commit, "ada", Instant.parse("2026-11-21T10:15:30Z"));
    }

    /** An env.verified of this repository as an older producer sends it, without a model config. */
    public EnvVerified envVerified(String version, String commit) {
        return envVerified(model, version, url(), commit, null);
    }

    public static EnvVerified envVerified(String model, String version, String repoUrl, String commit, ModelConfig config) {
        Release release = Release.of(model, version, repoUrl, commit, "ada", Instant.parse("2026-11-21T10:15:30Z"));
        Image image = new Image("registry.local:5000/" + model + ":" + version, "sha256:" + "a".repeat(64), null,
                152_000_000L, "relay/python-base:3.11");
        return new EnvVerified(release, image, new Environment("3.11.2", Map.of("promote", "1.10")), EnvDiff.none(), List.of(),
                config);
    }

    @Override
    public void close() {
        wc.close();
    }
}
