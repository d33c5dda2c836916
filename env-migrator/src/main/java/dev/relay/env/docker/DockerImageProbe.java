package dev.relay.env.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.relay.env.core.ImageInfo;
import dev.relay.env.core.ImageProbe;
import dev.relay.env.core.ProbeException;
import dev.relay.env.core.ProbeResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Probes an image in a short-lived container: network {@code none}, memory/CPU/pids limits, a
 * deadline, and always removed afterwards (also after a timeout or an engine error).
 */
public final class DockerImageProbe implements ImageProbe {

    /** Every probe container carries this label, so leftovers can be found. */
    public static final String LABEL = "dev.relay.env-migrator.probe";

    private static final Logger LOG = Logger.getLogger(DockerImageProbe.class);

    private final DockerClient docker;
    private final ProbeSettings settings;

    public DockerImageProbe(DockerClient docker, ProbeSettings settings) {
        this.docker = docker;
        this.settings = settings;
    }

    @Override
    public ImageInfo inspect(String imageRef) {
        try {
            InspectImageResponse image = docker.inspectImageCmd(imageRef).exec();
            Map<String, String> labels = image.getConfig() == null || image.getConfig().getLabels() == null
                    ? Map.of() : Map.copyOf(image.getConfig().getLabels());
            return new ImageInfo(imageRef, image.getId(), image.getSize() == null ? 0 : image.getSize(), labels);
        } catch (NotFoundException e) {
            throw new ProbeException(ProbeException.IMAGE_NOT_FOUND, "the engine has no image " + imageRef, (String) null);
        } catch (RuntimeException e) {
            throw new ProbeException(ProbeException.FAILED, "could not inspect " + imageRef + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ProbeResult probe(String imageRef, List<String> verifyCommands) {
        String mark = "@@relay-probe-" + UUID.randomUUID();
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withMemory(settings.memoryBytes())
                .withMemorySwap(settings.memoryBytes())
                .withNanoCPUs((long) (settings.cpus() * 1_000_000_000L))
                .withPidsLimit(settings.pids())
                .withAutoRemove(false); // the output is read after exit, then the container is removed by us
        String id;
        try {
            id = docker.createContainerCmd(imageRef)
                    .withCmd("sh", "-c", ProbeScript.SCRIPT)
                    .withEnv(ProbeScript.environment(mark, verifyCommands).entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withLabels(Map.of(LABEL, "true"))
                    .withNetworkDisabled(true)
                    .withHostConfig(host)
                    .exec().getId();
        } catch (NotFoundException e) {
            throw new ProbeException(ProbeException.IMAGE_NOT_FOUND, "the engine has no image " + imageRef, (String) null);
        } catch (RuntimeException e) {
            throw new ProbeException(ProbeException.FAILED, "could not create the probe container for " + imageRef
                    + ": " + e.getMessage(), e);
        }
        try {
            docker.startContainerCmd(id).exec();
            Integer status;
            try {
                status = docker.waitContainerCmd(id).start()
                        .awaitStatusCode(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (DockerClientException e) {
                // awaitStatusCode throws on its deadline: the probe hangs.
                String partial = logs(id);
                throw new ProbeException(ProbeException.TIMEOUT, "the probe of " + imageRef + " did not finish within "
                        + settings.timeout().toSeconds() + " s and was killed", ProbeOutput.tail(partial, settings.tailChars()));
            }
            String output = logs(id);
            if (status != null && status != 0 && !output.contains(mark + " end")) {
                boolean oom = Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getOOMKilled());
                throw new ProbeException(ProbeException.FAILED, "the probe of " + imageRef + " exited " + status
                        + (oom ? " (killed: out of memory, limit " + settings.memoryBytes() + " bytes)" : ""),
                        ProbeOutput.tail(output, settings.tailChars()));
            }
            return ProbeOutput.parse(mark, output, verifyCommands, settings.tailChars());
        } catch (ProbeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProbeException(ProbeException.FAILED, "the probe of " + imageRef + " failed: " + e.getMessage(), e);
        } finally {
            remove(id);
        }
    }

    private String logs(String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int limit = settings.outputLimitBytes();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            byte[] payload = frame.getPayload();
                            // Keep the head (sections and markers) up to the limit; the rest is dropped.
                            int room = limit - out.size();
                            if (payload != null && room > 0) {
                                out.write(payload, 0, Math.min(room, payload.length));
                            }
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException ignored) {
            // already gone
        } catch (RuntimeException e) {
            LOG.warnf("could not remove probe container %s: %s", id, e.getMessage());
        }
    }
}
