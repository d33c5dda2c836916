package dev.relay.env;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.PackageArrows;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The packages form layers: config wires everything, adapters point at core, core points at nothing of ours. */
class NoPackageCycleTest {

    @Test
    void noPackageReachesItselfAndCoreDependsOnNoAdapter() {
        PackageArrows arrows = PackageArrows.of(Path.of("target/classes"));
        assertThat(arrows.cycles()).as("package cycles; arrows: %s", arrows.arrows()).isEmpty();
        assertThat(arrows.arrows().getOrDefault("dev.relay.env.core", java.util.Set.of()))
                .as("core depends only on the contract").allMatch(p -> p.startsWith("dev.relay.events"));
    }
}
