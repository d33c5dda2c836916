package dev.relay.bumper.core;

import static dev.relay.bumper.core.GitOpsFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The planner on its own: files in memory and a target in, edits out; nothing is read or written. */
class BumpPlannerTest {

    private final BumpPlanner planner = new BumpPlanner();
    private final BumpTarget target = new BumpTarget("hello", ImageRef.parse("r.io/team/hello:v2"));

    private static SortedMap<String, byte[]> files(String... pathsAndTexts) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(pathsAndTexts[i], pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    @Test
    void onlyTheFilesThatChangeAreEditedByteForByte() {
        BumpPlan plan = planner.plan(files("a/current.yaml", deployment("r.io/team/hello:v2"),
                "b/old.yaml", deployment("r.io/team/hello:v1"), "c/other.yaml", deployment("r.io/team/other:v1")), target);

        assertThat(plan.files()).containsExactly("b/old.yaml");
        assertThat(new String(plan.changes().get("b/old.yaml"), StandardCharsets.UTF_8)).isEqualTo(deployment("r.io/team/hello:v2"));
        assertThat(plan.hits()).hasSize(2);
        assertThat(plan.searched()).isEqualTo(3);
        // the reference that changes is the one reported
        assertThat(plan.from()).isEqualTo("r.io/team/hello:v1");
        assertThat(plan.to()).isEqualTo("r.io/team/hello:v2");
        assertThat(plan.noop()).isFalse();
    }

    @Test
    void everythingAtTheTargetIsANoopThatStillNamesTheReference() {
        BumpPlan plan = planner.plan(files("d.yaml", deployment("r.io/team/hello:v2")), target);
        assertThat(plan.noop()).isTrue();
        assertThat(plan.found()).isTrue();
        assertThat(plan.from()).isEqualTo("r.io/team/hello:v2");
        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void noReferenceIsAPlanThatFoundNothing() {
        BumpPlan plan = planner.plan(files("d.yaml", deployment("r.io/team/other:v1")), target);
        assertThat(plan.found()).isFalse();
        assertThat(plan.searched()).isEqualTo(1);
        assertThatThrownBy(plan::from).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyUnparsableFileThatMayHoldTheTargetIsNamedAndNothingIsEdited() {
        SortedMap<String, byte[]> files = files("good.yaml", deployment("r.io/team/hello:v1"),
                "x/broken.yaml", "image: r.io/team/hello:v1\nbad: [unclosed\n",
                "y/broken-marker.yaml", "tag: v1 # relay: hello\nbad: [\n",
                "unrelated-broken.yaml", "{{ .Values }}: [\n");
        files.put("latin1.yaml", "# K\u00f6ln\nimage: r.io/team/hello:v1\n".getBytes(StandardCharsets.ISO_8859_1));
        files.put("latin1-other.yaml", "# K\u00f6ln\nimage: r.io/team/other:v1\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> planner.plan(files, target)).isInstanceOfSatisfying(BumpFailure.class, f -> {
            assertThat(f.reason()).isEqualTo(BumpFailure.UNPARSABLE);
            assertThat(f.getMessage()).isEqualTo("left alone, not valid YAML: latin1.yaml, x/broken.yaml, y/broken-marker.yaml");
            assertThat(f.detail()).contains("latin1.yaml: not UTF-8 text").contains("x/broken.yaml: ");
            assertThat(f.retryable()).isFalse();
        });
    }
}
