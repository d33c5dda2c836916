package dev.relay.builder.core;

import java.util.regex.Pattern;

/** What a Python package name may look like; comparing names is {@link dev.relay.events.Pep503}'s job. */
public final class PackageNames {

    /** PEP 508 name: letters, digits, '.', '-', '_', starting and ending with a letter or digit. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

    private PackageNames() {
    }
}
