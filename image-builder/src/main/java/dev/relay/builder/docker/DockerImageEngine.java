package dev.relay.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Image;
import dev.relay.builder.core.BuildFailure;
import dev.relay.builder.core.BuildLog;
import dev.relay.builder.core.ImageEngine;
import dev.relay.builder.core.ImageLabels;
import dev.relay.events.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine through docker-java: classic builder, context streamed as a tar, intermediate
 * containers always removed, the build's network and time bounded.
 */
public final class DockerImageEngine implements ImageEngine {

    /** Registry and credentials; the password never leaves this object except towards the engine. */
    public record Registry(String address, String username, String password) {
        @Override
        public String toString() {
            return "Registry[" + address + ", user=" + username + "]";
        }
    }

    private final DockerClient client;
    private final String network;
    private final Duration timeout;
    private final long contextMaxBytes;
    private final Optional<Registry> registry;
    private final RegistryRetry retry;

    public DockerImageEngine(DockerClient client, String network, Duration timeout, long contextMaxBytes,
                             Optional<Registry> registry) {
        this(client, network, timeout, contextMaxBytes, registry, RegistryRetry.none());
    }

    /** @param retry how a push is tried again when the registry does not answer */
    public DockerImageEngine(DockerClient client, String network, Duration timeout, long contextMaxBytes,
                             Optional<Registry> registry, RegistryRetry retry) {
        this.client = client;
        this.network = network;
        this.timeout = timeout;
        this.contextMaxBytes = contextMaxBytes;
        this.registry = registry;
        this.retry = retry;
    }

    @Override
    public Optional<FoundImage> find(String releaseId) {
        List<Image> images;
        try {
            images = client.listImagesCmd().withLabelFilter(Map.of(ImageLabels.RELEASE_ID, releaseId)).exec();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        return images.stream().max(Comparator.comparing(i -> i.getCreated() == null ? 0L : i.getCreated()))
                .map(image -> new FoundImage(image.getId(), image.getSize() == null ? 0 : image.getSize(),
                        digestOf(image.getRepoDigests() == null ? List.of() : Arrays.asList(image.getRepoDigests())),
                        image.getRepoTags() == null ? List.of() : Arrays.asList(image.getRepoTags()),
                        image.getLabels() == null ? Map.of() : image.getLabels()));
    }

    @Override
    public boolean hasImage(String ref) {
        try {
            client.inspectImageCmd(ref).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void tag(String imageId, String ref) {
        int colon = ref.lastIndexOf(':');
        try {
            client.tagImageCmd(imageId, ref.substring(0, colon), ref.substring(colon + 1)).exec();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    @Override
    public BuiltImage build(Path contextDir, String ref, Map<String, String> labels, BuildLog log) {
        Path tar = contextDir.resolveSibling(contextDir.getFileName() + ".tar");
        ContextTar.write(contextDir, tar, contextMaxBytes);
        BuildImageResultCallback callback = new BuildImageResultCallback() {
            @Override
            public void onNext(BuildResponseItem item) {
                log.text(item.getStream());
                if (item.isErrorIndicated() && item.getErrorDetail() != null) {
                    log.text(item.getErrorDetail().getMessage());
                }
                super.onNext(item);
            }
        };
        String imageId;
        try (InputStream in = Files.newInputStream(tar)) {
            client.buildImageCmd(in)
                    .withDockerfilePath("Dockerfile")
                    .withTags(Set.of(ref))
                    // Labels passed to the engine are added after the last instruction: they never break the layer cache.
                    .withLabels(labels)
                    .withNetworkMode(network)
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true)
                    .exec(callback);
            imageId = callback.awaitImageId(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (DockerClientException e) {
            closeQuietly(callback);
            if (String.valueOf(e.getMessage()).contains("timeout")) {
                throw new BuildFailure(BuildFailure.BUILD_TIMEOUT, "the build of " + ref + " took longer than " + timeout,
                        log.tail(), e);
            }
            throw new BuildFailure(BuildFailure.BUILD_FAILED, "the build of " + ref + " failed: " + Redaction.redact(e.getMessage()), log.tail(), e);
        } catch (DockerException | IllegalStateException e) {
            closeQuietly(callback);
            throw new BuildFailure(BuildFailure.BUILD_FAILED, "the build of " + ref + " failed: " + Redaction.redact(e.getMessage()), log.tail(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(tar);
            } catch (IOException ignored) {
                // removed with the work folder
            }
        }
        InspectImageResponse inspect = client.inspectImageCmd(imageId).exec();
        return new BuiltImage(inspect.getId(), inspect.getSize() == null ? 0 : inspect.getSize(), null);
    }

    @Override
    public String push(String ref, BuildLog log) {
        if (registry.isEmpty()) {
            return null;
        }
        // Only the push is tried again, never the build: the image is on the engine already.
        return retry.push(() -> pushOnce(ref, registry.get(), log), String.class);
    }

    private String pushOnce(String ref, Registry r, BuildLog log) {
        int colon = ref.lastIndexOf(':');
        AuthConfig auth = new AuthConfig().withRegistryAddress(r.address());
        if (r.username() != null) {
            auth = auth.withUsername(r.username()).withPassword(r.password());
        }
        PushResultCallback callback = new PushResultCallback(log, r.password());
        boolean completed;
        try {
            completed = client.pushImageCmd(ref.substring(0, colon)).withTag(ref.substring(colon + 1)).withAuthConfig(auth)
                    .exec(callback).awaitCompletion(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(callback);
            throw new BuildFailure(BuildFailure.PUSH_FAILED, "the push of " + ref + " was interrupted", log.tail());
        } catch (RuntimeException e) {
            // The engine's message names the registry, never the password we sent it; redacted all the same.
            throw PushResultCallback.failure(PushResultCallback.redact(e.getMessage(), r.password()), ref, r.address(),
                    r.username(), log.tail(), e);
        }
        if (!completed) {
            closeQuietly(callback);
        }
        // An error item (refused credentials, unknown repository) or a timeout is a failed push, not an image.built.
        callback.check(completed, ref, r.address(), r.username(), timeout);
        // The digest the registry answered for this push; the engine's RepoDigests may list other registries first.
        String digest = callback.digest();
        if (digest != null) {
            return digest;
        }
        try {
            return digestOf(client.inspectImageCmd(ref).exec().getRepoDigests());
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    public void ping() {
        client.pingCmd().exec();
    }

    /**
     * The registry digest of an image: with a registry configured, only one of that registry's ({@code <address>/...@sha256:…}),
     * so an image pulled from elsewhere does not count as pushed here; without one, the first the engine lists.
     */
    private String digestOf(List<String> repoDigests) {
        if (repoDigests == null) {
            return null;
        }
        String prefix = registry.map(r -> r.address().replaceAll("/+$", "") + "/").orElse("");
        return repoDigests.stream().filter(d -> d.startsWith(prefix)).findFirst().map(DockerImageEngine::digest).orElse(null);
    }

    private static String digest(String repoDigest) {
        int at = repoDigest.indexOf('@');
        return at < 0 ? repoDigest : repoDigest.substring(at + 1);
    }

    private static BuildFailure unavailable(RuntimeException e) {
        return new BuildFailure(BuildFailure.ENGINE_UNAVAILABLE, "the Docker engine did not answer: " + Redaction.redact(e.getMessage()), null, e);
    }

    private static void closeQuietly(java.io.Closeable callback) {
        try {
            callback.close();
        } catch (IOException ignored) {
            // closing aborts the build or push on the engine; nothing more to do
        }
    }
}
