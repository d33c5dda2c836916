package dev.relay.env.core;

import dev.relay.events.Pep503;
import dev.relay.events.Environment;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports an environment as a spec that recreates it: exact pins, no build strings, no hashes, and
 * without installer tooling (as {@code pip freeze} does), so it installs from any index or wheelhouse
 * that carries the packages.
 */
public final class SpecExporter {

    public enum Format {
        requirements, conda;

        public static Format of(String text) {
            if (text == null || text.isBlank()) {
                return requirements;
            }
            try {
                return valueOf(text.trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("format must be 'requirements' or 'conda', not '" + text + "'");
            }
        }
    }

    private SpecExporter() {
    }

    public static String export(Format format, String model, String releaseId, Environment env) {
        return format == Format.conda ? conda(model, releaseId, env) : requirements(releaseId, env);
    }

    public static String requirements(String releaseId, Environment env) {
        StringBuilder sb = new StringBuilder();
        sb.append("# environment of ").append(releaseId).append(", verified by env-migrator\n");
        sb.append("# python ").append(env.python()).append('\n');
        pins(env.packages()).forEach((name, version) -> sb.append(name).append("==").append(version).append('\n'));
        return sb.toString();
    }

    public static String conda(String model, String releaseId, Environment env) {
        StringBuilder sb = new StringBuilder();
        sb.append("# environment of ").append(releaseId).append(", verified by env-migrator\n");
        sb.append("name: ").append(model).append('\n');
        sb.append("dependencies:\n");
        sb.append("  - python=").append(env.python()).append('\n');
        sb.append("  - pip\n");
        Map<String, String> pins = pins(env.packages());
        if (!pins.isEmpty()) {
            sb.append("  - pip:\n");
            pins.forEach((name, version) -> sb.append("      - ").append(name).append("==").append(version).append('\n'));
        }
        return sb.toString();
    }

    private static Map<String, String> pins(Map<String, String> packages) {
        Map<String, String> sorted = new TreeMap<>();
        packages.forEach((name, version) -> {
            String normalized = Pep503.normalize(name);
            if (!InstallerTooling.contains(normalized)) {
                sorted.put(normalized, version);
            }
        });
        return sorted;
    }
}
