package dev.relay.events;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Python package names as PEP 503 compares them. The contract keys {@code image.built.requirements}
 * and {@code env.verified.environment.packages} by these names, so producer and consumer must
 * normalise alike.
 */
public final class Pep503 {

    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private Pep503() {
    }

    /** {@code Foo__Bar.baz} becomes {@code foo-bar-baz}. */
    public static String normalize(String name) {
        return SEPARATORS.matcher(name.trim()).replaceAll("-").toLowerCase(Locale.ROOT);
    }
}
