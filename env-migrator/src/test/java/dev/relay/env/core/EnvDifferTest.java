package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.EnvDiff;
import dev.relay.events.Environment;
import dev.relay.events.PackageChange;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvDifferTest {

    @Test
    void classifiesEveryChangeAndFlagsDowngradesAndMajorJumps() {
        Environment a = new Environment("3.10.12", Map.of("promote", "1.10", "tiny-dep", "2.0.0", "needs-dep", "0.3",
                "old", "5.1", "same", "2.22"));
        Environment b = new Environment("3.11.2", Map.of("promote", "1.11", "tiny-dep", "3.0.0", "extra", "0.1",
                "old", "5.0", "same", "2.22.0"));
        EnvDiff d = EnvDiffer.diff(a, b);
        assertThat(d.added()).containsExactly(new PackageChange("extra", null, "0.1", false));
        assertThat(d.removed()).containsExactly(new PackageChange("needs-dep", "0.3", null, false));
        assertThat(d.upgraded()).containsExactly(new PackageChange("promote", "1.10", "1.11", false),
                new PackageChange("tiny-dep", "2.0.0", "3.0.0", true));
        assertThat(d.downgraded()).containsExactly(new PackageChange("old", "5.1", "5.0", true));
        assertThat(d.python()).isEqualTo(new PackageChange("python", "3.10.12", "3.11.2", false));
        assertThat(EnvDiffer.isEmpty(d)).isFalse();
    }

    @Test
    void firstEnvironmentIsAllAddedAndSameEnvironmentIsEmpty() {
        Environment a = new Environment("3.11.2", Map.of("promote", "1.10"));
        assertThat(EnvDiffer.diff(null, a).added()).extracting(PackageChange::name).containsExactly("promote");
        assertThat(EnvDiffer.diff(null, a).python()).isNull();
        assertThat(EnvDiffer.isEmpty(EnvDiffer.diff(a, a))).isTrue();
    }

    @Test
    void anInterpreterDowngradeIsFlagged() {
        EnvDiff d = EnvDiffer.diff(new Environment("3.11.2", Map.of()), new Environment("3.10.1", Map.of()));
        assertThat(d.python().flagged()).isTrue();
    }
}
