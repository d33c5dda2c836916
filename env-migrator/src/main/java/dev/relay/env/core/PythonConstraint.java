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
            String version = m.group(2);
            String bare = version.endsWith(".*") ? version.substring(0, version.length() - 2) : version;
            if (version.endsWith(".*") && !m.group(1).equals("==") && !m.group(1).equals("!=")) {
                throw new IllegalArgumentException("'" + part.trim() + "': '.*' is only allowed with == and !=");
            }
            if (!m.group(1).equals("===") && !Pep440Version.isValid(bare)) {
                throw new IllegalArgumentException("'" + part.trim() + "': '" + bare + "' is not a PEP 440 version");
            }
            if (m.group(1).equals("~=") && Pep440Version.parse(bare).release().size() < 2 && !bare.contains(".")) {
                throw new IllegalArgumentException("'" + part.trim() + "': ~= needs at least two release segments");
            }
            clauses.add(new Clause(m.group(1), version));
        }
        return new PythonConstraint(text.trim(), List.copyOf(clauses));
    }

    public boolean isSatisfiedBy(String version) {
        if (!Pep440Version.isValid(version)) {
            return false;
        }
        Pep440Version v = Pep440Version.parse(version);
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
            case "<":
                return v.compareTo(Pep440Version.parse(spec)) < 0;
            case ">":
                return v.compareTo(Pep440Version.parse(spec)) > 0;
            case "~=": {
                // ~=3.10 means >=3.10,==3.*; ~=3.10.2 means >=3.10.2,==3.10.*
                String[] segments = spec.split("\\.");
                String prefix = String.join(".", java.util.Arrays.copyOf(segments, segments.length - 1)) + ".*";
                return v.compareTo(Pep440Version.parse(spec)) >= 0 && prefixMatches(prefix, v);
            }
            default:
                throw new IllegalStateException(clause.op());
        }
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
