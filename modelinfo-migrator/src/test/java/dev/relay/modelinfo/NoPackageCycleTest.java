package dev.relay.modelinfo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.PackageArrows;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Packages by role point one way: adapters and edges at the core, never back. */
class NoPackageCycleTest {

    @Test
    void thePackagesHaveNoCycle() {
        PackageArrows arrows = PackageArrows.of(Path.of("target/classes"));

        assertThat(arrows.cycles()).as("package arrows:%n%s", arrows).isEmpty();
        // The core is plain Java: it points at the contract only.
        assertThat(arrows.arrows().get("dev.relay.modelinfo.core")).containsExactly("dev.relay.events", "dev.relay.events.stage");
    }
}
