package dev.relay.builder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.PackageArrows;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Packages by role only point one way: config wires everything, core points at nothing of the service. */
class NoPackageCycleTest {

    @Test
    void thePackagesOfTheServiceHaveNoCycle() {
        PackageArrows arrows = PackageArrows.of(Path.of("target/classes"));
        assertThat(arrows.cycles()).as("package arrows: %s", arrows.arrows()).isEmpty();
        assertThat(arrows.arrows().get("dev.relay.builder.core")).as("core depends on no other package of the service")
                .allMatch(p -> !p.startsWith("dev.relay.builder."));
    }
}
