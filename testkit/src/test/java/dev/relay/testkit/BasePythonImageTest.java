package dev.relay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The base-image script against the real engine: builds the image when missing, then runs it offline. */
class BasePythonImageTest {

    @BeforeAll
    static void engine() {
        Infra.requireDocker();
    }

    @Test
    void theBaseImageRunsPython311WithoutANetwork() {
        var root = Processes.projectRoot();
        String build = Processes.run(root, Duration.ofMinutes(10), "deploy/base-images/python/build")
                .requireSuccess().output();
        assertThat(build).containsPattern("base image: (built|relay/python-base:3.11 already present)");

        String version = Processes.run(root, Duration.ofMinutes(2), "docker", "run", "--rm", "--network", "none",
                "relay/python-base:3.11", "python3", "--version").requireSuccess().output();

        assertThat(version).startsWith("Python 3.11.");
        String venv = Processes.run(root, Duration.ofMinutes(2), "docker", "run", "--rm", "--network", "none",
                "relay/python-base:3.11", "sh", "-c", "python3 -m venv /tmp/v && /tmp/v/bin/pip --version")
                .requireSuccess().output();
        assertThat(venv).contains("pip ").contains("python 3.11");
    }
}
