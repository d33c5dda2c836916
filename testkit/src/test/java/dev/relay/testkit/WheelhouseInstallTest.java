package dev.relay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.wheelhouse.Wheelhouse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wheels built by {@code relay-wheelhouse} (through the name the services' tests use) install with
 * pip, offline, in the platform base image. The wheel format itself is tested in that module.
 */
class WheelhouseInstallTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        Infra.requireDocker();
    }

    @Test
    void pipInstallsTheWheelsOfflineAndPipCheckSeesTheirDependencies() {
        Wheelhouse wheels = new Wheelhouse(tmp.resolve("wheels"));
        wheels.add("promote", "1.10");
        wheels.add("tiny-dep", "2.0.0");
        wheels.add("needs_dep", "0.3", List.of("tiny-dep>=2"));
        wheels.add("orphan", "1.0", List.of("missing-thing==9"));

        String out = Processes.run(tmp, Duration.ofMinutes(3), "docker", "run", "--rm", "--network", "none",
                "-v", wheels.dir() + ":/wheels:ro", "relay/python-base:3.11", "sh", "-c",
                "python3 -m venv /v && /v/bin/pip install -q --no-index --find-links /wheels promote==1.10 needs-dep==0.3"
                        + " && /v/bin/python -c 'import promote, needs_dep, tiny_dep; print(promote.__version__, needs_dep.__version__, tiny_dep.__version__)'"
                        + " && /v/bin/pip check && /v/bin/pip install -q --no-index --no-deps --find-links /wheels orphan"
                        + " && (/v/bin/pip check; echo check-exit=$?)").requireSuccess().output();

        assertThat(out).contains("1.10 0.3 2.0.0").contains("No broken requirements found.")
                .contains("orphan 1.0 requires missing-thing, which is not installed.").contains("check-exit=1");
    }
}
