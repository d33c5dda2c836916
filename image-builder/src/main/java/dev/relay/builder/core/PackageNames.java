package dev.relay.builder.core;

import java.util.Locale;
import java.util.regex.Pattern;

/** Python package names as PEP 503 compares them. */
public final class PackageNames {

    /** PEP 508 name: letters, digits, '.', '-', '_', starting and ending with a letter or digit. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private PackageNames() {
    }

    /** {@code Foo__Bar.baz} becomes {@code foo-bar-baz}. */
    public static String normalize(String name) {
        return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }
}
