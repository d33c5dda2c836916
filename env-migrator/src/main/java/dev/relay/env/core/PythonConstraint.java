package dev.relay.env.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 specifier set such as {@code >=3.8,<3.12}, {@code ==3.11.*} or {@code ~=3.10}, as written
 * under {@code python:} in relay.yaml.
 */
public final class PythonConstraint {

    private static final Pattern SPEC = Pattern.compile("\\s*(~=|===|==|!=|<=|>=|<|>)\\s*([^\\s,]+)\\s*");
    private static final Pattern NUMBERS = Pattern.compile("\\d+(?:\\.\\d+)*");
    /** The release numbers at the start of a version without epoch, e.g. {@code 3.10} of {@code v3.10rc1}. */
    private static final Pattern RELEASE = Pattern.compile("v?(\\d+(?:\\.\\d+)*)", Pattern.CASE_INSENSITIVE);

    private record Clause(String op, String version) {
    }

    private final String text;
    private final List<Clause> clauses;

    private PythonConstraint(String text, List<Clause> clauses) {
        this.text = text;
        this.clauses = clauses;
    }

    /** Parses a specifier set; throws {@link IllegalArgumentException} naming the clause that is wrong. */
    public static PythonConstraint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("python constraint is empty");
        }
        List<Clause> clauses = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = SPEC.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a version specifier (e.g. >=3.8)");
            }
            String op = m.group(1);
            String version = m.group(2);
            boolean wildcard = version.endsWith(".*");
            String bare = wildcard ? version.substring(0, version.length() - 2) : version;
            if (wildcard && !op.equals("==") && !op.equals("!=")) {
                throw new IllegalArgumentException("'" + part.trim() + "': '.*' is only allowed with == and !=");
            }
            if (!op.equals("===")) {
                try {
                    Pep440Version.parse(bare);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + part.trim() + "': '" + bare + "' is not a PEP 440 version");
                }
            }
            // Prefix matching (~=, .*) works on plain release numbers; anything else is refused here,
            // never at match time.
            if ((op.equals("~=") || wildcard) && bare.contains("!")) {
                throw new IllegalArgumentException("'" + part.trim() + "': version epochs ('!') are not supported with "
                        + (wildcard ? "'.*'" : "~="));
            }
            if (wildcard && !NUMBERS.matcher(bare).matches()) {
                throw new IllegalArgumentException("'" + part.trim() + "': only release numbers may precede '.*' (e.g. ==3.11.*)");
            }
            if (op.equals("~=") && releaseNumbers(bare).length < 2) {
                throw new IllegalArgumentException("'" + part.trim() + "': ~= needs at least two release segments");
            }
            clauses.add(new Clause(op, version));
        }
        return new PythonConstraint(text.trim(), List.copyOf(clauses));
    }

    public boolean isSatisfiedBy(String version) {
        if (version == null) {
            return false;
        }
        Pep440Version v;
        try {
            v = Pep440Version.parse(version);
        } catch (IllegalArgumentException e) {
            return false; // not PEP 440, or a number too large for a long: satisfies nothing
        }
        for (Clause clause : clauses) {
            if (!matches(clause, v, version)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Clause clause, Pep440Version v, String raw) {
        String spec = clause.version();
        switch (clause.op()) {
            case "===":
                return raw.trim().equalsIgnoreCase(spec);
            case "==":
                return spec.endsWith(".*") ? prefixMatches(spec, v) : v.equals(Pep440Version.parse(spec));
            case "!=":
                return spec.endsWith(".*") ? !prefixMatches(spec, v) : !v.equals(Pep440Version.parse(spec));
            case "<=":
                return v.compareTo(Pep440Version.parse(spec)) <= 0;
            case ">=":
                return v.compareTo(Pep440Version.parse(spec)) >= 0;
            case "<": {
                // PEP 440: <V excludes pre-releases of V itself (3.12.0rc1 is not <3.12) unless V is a pre-release.
                Pep440Version bound = Pep440Version.parse(spec);
                return v.compareTo(bound) < 0
                        && (bound.isPreRelease() || !v.isPreRelease() || !sameRelease(v, bound));
            }
            case ">":
                return v.compareTo(Pep440Version.parse(spec)) > 0;
            case "~=": {
                // ~=3.10 means >=3.10,==3.*; ~=3.10.2 means >=3.10.2,==3.10.*; suffixes are dropped (~=3.10rc1: ==3.*)
                String[] segments = releaseNumbers(spec);
                String prefix = String.join(".", java.util.Arrays.copyOf(segments, segments.length - 1)) + ".*";
                return v.compareTo(Pep440Version.parse(spec)) >= 0 && prefixMatches(prefix, v);
            }
            default:
                throw new IllegalStateException(clause.op());
        }
    }

    private static String[] releaseNumbers(String version) {
        Matcher m = RELEASE.matcher(version);
        return m.lookingAt() ? m.group(1).split("\\.") : new String[0];
    }

    private static boolean sameRelease(Pep440Version a, Pep440Version b) {
        return a.epoch() == b.epoch() && a.release().equals(b.release());
    }

    private static boolean prefixMatches(String spec, Pep440Version v) {
        String[] parts = spec.substring(0, spec.length() - 2).split("\\.");
        for (int i = 0; i < parts.length; i++) {
            if (v.segment(i) != Long.parseLong(parts[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
