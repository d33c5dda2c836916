package dev.relay.env.core;

import dev.relay.events.Check;
import dev.relay.events.ModelConfig;
import dev.relay.events.Pep503;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns what the probe found into named pass/fail checks. */
public final class EnvironmentChecks {

    public static final String REQUIREMENTS = "requirements";
    public static final String PIP_CHECK = "pip-check";
    public static final String PYTHON = "python";
    public static final String RELAY_YAML = "relay-yaml";

    private EnvironmentChecks() {
    }

    /**
     * @param declared    pins the model declared, name to version (names in any spelling)
     * @param config      relay.yaml ({@link ModelConfig#ABSENT} when the model has none); ignored when
     *                    {@code configError} says why it could not be used
     */
    public static List<Check> run(Map<String, String> declared, ProbeResult probe, ModelConfig config, String configError) {
        List<Check> checks = new ArrayList<>();
        checks.add(pins(declared, probe.packages()));
        checks.add(pipCheck(probe));
        if (configError != null) {
            checks.add(new Check(RELAY_YAML, false, configError));
        } else {
            checks.add(python(config.python(), probe.python()));
        }
        for (int i = 0; i < probe.verify().size(); i++) {
            VerifyResult v = probe.verify().get(i);
            boolean ok = v.exitCode() == 0;
            checks.add(new Check("verify[" + i + "]", ok, "`" + v.command() + "` exited " + v.exitCode()
                    + (v.outputTail().isBlank() ? " with no output" : "; output tail:\n" + v.outputTail())));
        }
        return checks;
    }

    static Check pins(Map<String, String> declared, Map<String, String> installed) {
        List<String> problems = new ArrayList<>();
        for (var pin : declared.entrySet()) {
            String name = Pep503.normalize(pin.getKey());
            String have = installed.get(name);
            if (have == null) {
                problems.add(name + ": declared " + pin.getValue() + ", not installed");
            } else if (!pinSatisfied(pin.getValue(), have)) {
                problems.add(name + ": declared " + pin.getValue() + ", installed " + have);
            }
        }
        if (problems.isEmpty()) {
            return new Check(REQUIREMENTS, true, declared.isEmpty() ? "no pins declared"
                    : declared.size() + " pin(s) installed at the declared version");
        }
        return new Check(REQUIREMENTS, false, String.join("; ", problems));
    }

    /**
     * Whether {@code ==pin} accepts the installed version, as pip decides it: a pin without a local label
     * ignores the installed one's ({@code torch==2.1.0} is satisfied by {@code 2.1.0+cpu}); a pin with one
     * must match it. Only the pin check; the diff still tells {@code 2.1.0} and {@code 2.1.0+cpu} apart.
     */
    static boolean pinSatisfied(String pin, String have) {
        if (Pep440Version.same(pin, have)) {
            return true;
        }
        int plus = have.indexOf('+');
        return plus > 0 && !pin.contains("+") && Pep440Version.isValid(pin) && Pep440Version.isValid(have)
                && Pep440Version.same(pin, have.substring(0, plus));
    }

    static Check pipCheck(ProbeResult probe) {
        String out = probe.pipCheckOutput() == null ? "" : probe.pipCheckOutput().strip();
        return new Check(PIP_CHECK, probe.pipCheckExit() == 0,
                out.isEmpty() ? "pip check exited " + probe.pipCheckExit() : out);
    }

    static Check python(String constraint, String version) {
        if (constraint == null) {
            return new Check(PYTHON, true, version + " (relay.yaml declares no python constraint)");
        }
        boolean ok = PythonConstraint.parse(constraint).isSatisfiedBy(version);
        return new Check(PYTHON, ok, version + (ok ? " satisfies " : " does not satisfy ") + constraint);
    }

    /** The failed checks, one per line, for release.failed and humans. */
    public static String report(List<Check> checks) {
        StringBuilder sb = new StringBuilder();
        for (Check c : checks) {
            if (!c.passed()) {
                sb.append("FAILED ").append(c.name()).append(": ").append(c.detail()).append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    public static boolean allPassed(List<Check> checks) {
        return checks.stream().allMatch(Check::passed);
    }
}
