package dev.relay.env.core;

import java.util.Locale;
import java.util.Set;

/** PEP 503 name normalisation: {@code Foo_Bar.baz} and {@code foo-bar-baz} are one distribution. */
public final class PackageNames {

    /**
     * Installer tooling that {@code pip freeze} leaves out too: a fresh venv brings its own copies,
     * and a wheelhouse rarely carries them, so pinning them would make an exported spec uninstallable.
     */
    public static final Set<String> TOOLING = Set.of("pip", "setuptools", "wheel", "distribute");

    private PackageNames() {
    }

    public static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
