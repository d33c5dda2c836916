package dev.relay.builder.core;

import dev.relay.events.Pep503;
import java.util.List;

/**
 * One requirement line of a requirements file, after parsing.
 *
 * @param name      the name as written
 * @param extras    extras as written, e.g. {@code [security]}, empty when none
 * @param specifier the version specifier as written, e.g. {@code ==1.2.3} or {@code >=1,<2}
 * @param marker    the environment marker after {@code ;}, empty when none
 * @param file      the file it was read from, relative to the repository root
 * @param line      the 1-based line number in that file
 */
public record Requirement(String name, List<String> extras, String specifier, String marker, String file, int line) {

    public String normalizedName() {
        return Pep503.normalize(name);
    }

    /** The pinned version when the specifier is a single {@code ==} or {@code ===}, else null. */
    public String pinnedVersion() {
        String s = specifier.strip();
        if (s.contains(",")) {
            return null;
        }
        if (s.startsWith("===")) {
            return s.substring(3).strip();
        }
        if (s.startsWith("==")) {
            String v = s.substring(2).strip();
            return v.contains("*") ? null : v;
        }
        return null;
    }

    /** The requirement as pip reads it, normalised: {@code name[extras]<specifier>[ ; marker]}. */
    public String toPipLine() {
        StringBuilder b = new StringBuilder(normalizedName());
        if (!extras.isEmpty()) {
            b.append('[').append(String.join(",", extras)).append(']');
        }
        b.append(specifier.replace(" ", ""));
        if (!marker.isEmpty()) {
            b.append(" ; ").append(marker);
        }
        return b.toString();
    }

    public String location() {
        return file + ":" + line;
    }
}
