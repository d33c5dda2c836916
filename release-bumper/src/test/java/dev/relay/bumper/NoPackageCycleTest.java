package dev.relay.bumper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.PackageArrows;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The packages of release-bumper's main code form no cycle (core depends on none of the adapters). */
class NoPackageCycleTest {

    @Test
    void thereIsNoPackageCycle() {
        PackageArrows arrows = PackageArrows.of(Path.of("target/classes"));
        assertThat(arrows.cycles()).as("package arrows:%n%s", arrows).isEmpty();
        // the core leans on the contract only, never on an adapter
        assertThat(arrows.arrows().getOrDefault("dev.relay.bumper.core", java.util.Set.of())).as("core's arrows")
                .containsExactlyInAnyOrder("dev.relay.events", "dev.relay.events.stage");
    }
}
