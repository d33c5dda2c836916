package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.PackageArrows;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NoPackageCycleTest {

    @Test
    void theMainClassesHaveNoPackageCycleAndPointAtNoTestSupport() {
        PackageArrows arrows = PackageArrows.of(Path.of("target/classes"));

        assertThat(arrows.cycles()).as("package arrows: %s", arrows.arrows()).isEmpty();
        assertThat(arrows.arrows().values()).as("package arrows: %s", arrows.arrows())
                .allSatisfy(targets -> assertThat(targets).noneMatch(p -> p.startsWith("dev.relay.testkit")));
        assertThat(arrows.arrows().get("dev.relay.local")).contains("dev.relay.events", "dev.relay.wheelhouse");
    }
}
