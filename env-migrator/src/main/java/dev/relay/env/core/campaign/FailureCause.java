package dev.relay.env.core.campaign;

import dev.relay.env.core.EnvironmentChecks;
import dev.relay.events.Pep503;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names what a failed row needs fixed, so the report can group rows by it and show that one fix unblocks many
 * models: the package pip could not find or resolve, the pin that came out different, the package {@code pip check}
 * complained about, the verify command that failed. Read from the failure's reason, check and log; a failure it
 * cannot read is grouped by its reason code.
 */
public final class FailureCause {

    private static final String NAME = "([A-Za-z0-9][A-Za-z0-9._-]*)";
    private static final Pattern NO_DISTRIBUTION = Pattern.compile("No matching distribution found for " + NAME);
    private static final Pattern NO_VERSION = Pattern.compile("Could not find a version that satisfies the requirement " + NAME);
    private static final Pattern DEPENDS_ON = Pattern.compile("^\\s*" + NAME + " \\S+ depends on " + NAME, Pattern.MULTILINE);
    private static final Pattern OTHER_PYTHON = Pattern.compile("Package '" + NAME + "' requires a different Python");
    private static final Pattern PIN = Pattern.compile("^" + NAME + ": declared ");
    private static final Pattern PIP_CHECK = Pattern.compile("^" + NAME + " \\S+ (?:has requirement|requires) ", Pattern.MULTILINE);
    private static final Pattern VERIFY = Pattern.compile("^`([^`]*)`");

    private FailureCause() {
    }

    public static String of(CampaignRow.Failure f) {
        String detail = f.detail() == null ? "" : f.detail();
        if (f.check() == null) {
            return ofBuild(f.reason(), detail, f.message());
        }
        String checkDetail = checkDetail(detail, f.check());
        if (f.check().equals(EnvironmentChecks.REQUIREMENTS)) {
            return found(PIN, checkDetail).map(n -> "pin mismatch: " + Pep503.normalize(n)).orElse("pin mismatch");
        }
        if (f.check().equals(EnvironmentChecks.PIP_CHECK)) {
            return found(PIP_CHECK, checkDetail).map(n -> "pip check: " + Pep503.normalize(n)).orElse("pip check");
        }
        if (f.check().startsWith("verify[")) {
            return found(VERIFY, checkDetail).map(c -> "verify: " + c).orElse("verify command");
        }
        return "check " + f.check();
    }

    private static String ofBuild(String reason, String detail, String message) {
        for (Pattern p : new Pattern[] {NO_DISTRIBUTION, NO_VERSION}) {
            var name = found(p, detail);
            if (name.isPresent()) {
                return "unavailable: " + Pep503.normalize(name.get());
            }
        }
        Matcher conflict = DEPENDS_ON.matcher(detail);
        if (conflict.find()) {
            return "conflict: " + Pep503.normalize(conflict.group(2));
        }
        var python = found(OTHER_PYTHON, detail);
        if (python.isPresent()) {
            return "python not supported: " + Pep503.normalize(python.get());
        }
        return reason == null ? "unknown" : reason;
    }

    /** The detail of one check in a report of {@code FAILED <name>: <detail>} lines, or the whole text. */
    private static String checkDetail(String report, String check) {
        String marker = "FAILED " + check + ": ";
        int at = report.indexOf(marker);
        return at < 0 ? report : report.substring(at + marker.length());
    }

    private static java.util.Optional<String> found(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }
}
