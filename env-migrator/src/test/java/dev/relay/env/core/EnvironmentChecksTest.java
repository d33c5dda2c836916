package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.Check;
import dev.relay.events.Environment;
import dev.relay.events.ModelConfig;
import dev.relay.events.PackageChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentChecksTest {

    private static ProbeResult probe(Map<String, String> packages, int pipCheckExit, List<VerifyResult> verify) {
        return new ProbeResult("3.11.2", packages, pipCheckExit,
                pipCheckExit == 0 ? "No broken requirements found." : "orphan 1.0 requires missing-thing, which is not installed.",
                verify);
    }

    /** A relay.yaml with only a python constraint. */
    private static ModelConfig python(String constraint) {
        return new ModelConfig(true, null, null, constraint, List.of(), false, null);
    }

    private static Check named(List<Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void pinsMatchAfterNameNormalisationAndPep440() {
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("Requests_Toolbelt", "2.22");
        declared.put("promote", "1.10");
        List<Check> checks = EnvironmentChecks.run(declared,
                probe(Map.of("requests-toolbelt", "2.22.0", "promote", "1.10", "pip", "23.0.1"), 0, List.of()),
                python(">=3.8,<3.12"), null);
        assertThat(checks).allMatch(Check::passed);
        assertThat(EnvironmentChecks.allPassed(checks)).isTrue();
        assertThat(named(checks, "python").detail()).isEqualTo("3.11.2 satisfies >=3.8,<3.12");
    }

    @Test
    void aWrongOrMissingPinNamesThePackageAndBothVersions() {
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("promote", "1.9");
        declared.put("numpy", "1.26.4");
        Check pins = named(EnvironmentChecks.run(declared, probe(Map.of("promote", "1.10"), 0, List.of()),
                ModelConfig.ABSENT, null), "requirements");
        assertThat(pins.passed()).isFalse();
        assertThat(pins.detail()).isEqualTo("promote: declared 1.9, installed 1.10; numpy: declared 1.26.4, not installed");
    }

    @Test
    void aPinWithoutALocalLabelIsSatisfiedByAnyLocalBuildOfThatVersionAsPipSays() {
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("torch", "2.1.0");
        declared.put("Torch_Vision", "0.16");
        Check pins = named(EnvironmentChecks.run(declared,
                probe(Map.of("torch", "2.1.0+cpu", "torch-vision", "0.16.0+cu118"), 0, List.of()),
                ModelConfig.ABSENT, null), "requirements");
        assertThat(pins.passed()).as(pins.detail()).isTrue();

        assertThat(EnvironmentChecks.pinSatisfied("2.1.0", "2.1.0+cpu")).isTrue();
        assertThat(EnvironmentChecks.pinSatisfied("2.1.0+cpu", "2.1.0+cpu")).isTrue();
        assertThat(EnvironmentChecks.pinSatisfied("2.1.0+CPU", "2.1.0+cpu")).isTrue();
        assertThat(EnvironmentChecks.pinSatisfied("2.1", "2.1.0+cpu")).isTrue();
        // A pin with a local label must match it exactly; the public version must match either way.
        assertThat(EnvironmentChecks.pinSatisfied("2.1.0+cu118", "2.1.0+cpu")).isFalse();
        assertThat(EnvironmentChecks.pinSatisfied("2.1.0+cpu", "2.1.0")).isFalse();
        assertThat(EnvironmentChecks.pinSatisfied("2.1.1", "2.1.0+cpu")).isFalse();
        assertThat(EnvironmentChecks.pinSatisfied("2.1.0", "2.1.0.post1+cpu")).isFalse();
        // Legacy (non-PEP 440) versions are still compared literally.
        assertThat(EnvironmentChecks.pinSatisfied("1.0-custom", "1.0-custom")).isTrue();

        Check wrongLocal = named(EnvironmentChecks.run(Map.of("torch", "2.1.0+cu118"),
                probe(Map.of("torch", "2.1.0+cpu"), 0, List.of()), ModelConfig.ABSENT, null), "requirements");
        assertThat(wrongLocal.passed()).isFalse();
        assertThat(wrongLocal.detail()).isEqualTo("torch: declared 2.1.0+cu118, installed 2.1.0+cpu");
    }

    @Test
    void theDiffStillTellsALocalBuildFromThePlainVersion() {
        var diff = EnvDiffer.diff(new Environment("3.11.2", Map.of("torch", "2.1.0")),
                new Environment("3.11.2", Map.of("torch", "2.1.0+cpu")));
        assertThat(diff.upgraded()).containsExactly(new PackageChange("torch", "2.1.0", "2.1.0+cpu", false));
    }

    @Test
    void brokenRequirementsAndFailingVerifyCommandsFailWithTheirOutput() {
        List<Check> checks = EnvironmentChecks.run(Map.of(), probe(Map.of("orphan", "1.0"), 1,
                        List.of(new VerifyResult("echo ok", 0, "ok"), new VerifyResult("python -c 'raise SystemExit(3)'", 3, "boom"))),
                python(">=3.12"), null);
        assertThat(named(checks, "pip-check").passed()).isFalse();
        assertThat(named(checks, "pip-check").detail()).contains("orphan 1.0 requires missing-thing");
        assertThat(named(checks, "python").passed()).isFalse();
        assertThat(named(checks, "python").detail()).isEqualTo("3.11.2 does not satisfy >=3.12");
        assertThat(named(checks, "verify[0]").passed()).isTrue();
        assertThat(named(checks, "verify[1]").passed()).isFalse();
        assertThat(named(checks, "verify[1]").detail()).contains("exited 3").contains("boom");
        assertThat(EnvironmentChecks.report(checks)).contains("FAILED pip-check").contains("FAILED python")
                .contains("FAILED verify[1]").doesNotContain("verify[0]");
    }

    @Test
    void anUnreadableRelayYamlIsAFailedCheck() {
        Check c = named(EnvironmentChecks.run(Map.of(), probe(Map.of(), 0, List.of()), null, "relay.yaml is not valid YAML"),
                "relay-yaml");
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("not valid YAML");
    }
}
