package dev.relay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackageArrowsTest {

    @Test
    void readsTheArrowsOfThisModuleAndFindsNoCycle() {
        PackageArrows arrows = PackageArrows.of(Path.of("target/classes"));
        // testkit's classes live in one package: no arrow between two of the project's own.
        assertThat(arrows.cycles()).isEmpty();
    }

    @Test
    void findsACycleWhereTwoPackagesReachEachOther() {
        // The test classes: dev.relay.testkit.cycle.a and .b import each other.
        PackageArrows arrows = PackageArrows.of(Path.of("target/test-classes"));
        assertThat(arrows.arrows()).containsEntry("dev.relay.testkit.cycle.a", Set.of("dev.relay.testkit.cycle.b"));
        assertThat(arrows.cycles()).isEqualTo(List.of(Set.of("dev.relay.testkit.cycle.a", "dev.relay.testkit.cycle.b")));
    }
}
