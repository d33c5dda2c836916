package dev.relay.env.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.relay.env.TestImages;
import dev.relay.env.core.ProbeException;
import dev.relay.env.core.ProbeResult;
import dev.relay.testkit.Infra;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe against the real engine and real images built from wheels. */
class DockerImageProbeTest {

    static DockerClient docker;
    static DockerImageProbe probe;

    @BeforeAll
    static void engine() {
        Infra.requireDocker();
        docker = DockerClients.create(DockerClients.defaultHost(), "1.41");
        probe = new DockerImageProbe(docker, ProbeSettings.defaults().withTimeout(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void close() throws Exception {
        if (docker != null) {
            assertThat(probeContainers()).as("probe containers left behind").isEmpty();
            docker.close();
        }
    }

    static List<?> probeContainers() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(DockerImageProbe.LABEL)).exec();
    }

    @Test
    void findsTheVenvInterpreterPackagesPipCheckAndVerifyResults() {
        String image = TestImages.ensure(TestImages.A);
        ProbeResult r = probe.probe(image, List.of(
                "python -c 'import sys, promote; print(sys.executable, sys.version.split()[0], promote.__version__)'",
                "ls /sys/class/net",
                "echo boom >&2; exit 3"));
        assertThat(r.python()).startsWith("3.11.");
        assertThat(r.packages()).containsEntry("promote", "1.10").containsEntry("needs-dep", "0.3")
                .containsEntry("tiny-dep", "2.0.0").containsKey("pip");
        assertThat(r.pipCheckExit()).isZero();
        assertThat(r.pipCheckOutput()).contains("No broken requirements found");
        assertThat(r.verify().get(0).exitCode()).isZero();
        // The image's ENV PATH is in effect: the venv's interpreter answers.
        assertThat(r.verify().get(0).outputTail()).startsWith("/opt/venv/bin/python 3.11.").endsWith(" 1.10");
        // network none: loopback only
        assertThat(r.verify().get(1).outputTail()).isEqualTo("lo");
        assertThat(r.verify().get(2).exitCode()).isEqualTo(3);
        assertThat(r.verify().get(2).outputTail()).isEqualTo("boom");
    }

    @Test
    void aMissingDependencyFailsPipCheck() {
        ProbeResult r = probe.probe(TestImages.ensure(TestImages.ORPHAN), List.of());
        assertThat(r.pipCheckExit()).isNotZero();
        assertThat(r.pipCheckOutput()).contains("orphan 1.0 requires missing-thing, which is not installed");
    }

    @Test
    void anImageWithoutPythonFailsWithAClearReason() {
        assertThatThrownBy(() -> probe.probe(TestImages.ensure(TestImages.NO_PYTHON), List.of()))
                .isInstanceOfSatisfying(ProbeException.class, e -> assertThat(e.reason()).isEqualTo(ProbeException.NO_PYTHON))
                .hasMessageContaining("no Python interpreter");
    }

    @Test
    void aHangingProbeIsKilledAtTheTimeoutAndLeavesNoContainer() {
        // 30 s must cover container start, pip list and pip check before "echo started" on a loaded 2-core CI
        // machine; the verify command then hangs 10x longer than that.
        DockerImageProbe impatient = new DockerImageProbe(docker, ProbeSettings.defaults().withTimeout(Duration.ofSeconds(30)));
        assertThatThrownBy(() -> impatient.probe(TestImages.ensure(TestImages.A), List.of("echo started; sleep 300")))
                .isInstanceOfSatisfying(ProbeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProbeException.TIMEOUT);
                    assertThat(e.detail()).contains("started");
                })
                .hasMessageContaining("did not finish within 30 s");
        assertThat(probeContainers()).isEmpty();
    }

    @Test
    void anUnknownImageIsReportedAsSuch() {
        assertThatThrownBy(() -> probe.inspect("relay-env-test/does-not-exist:0"))
                .isInstanceOfSatisfying(ProbeException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProbeException.IMAGE_NOT_FOUND));
    }
}
