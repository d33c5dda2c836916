package dev.relay.env.core;

import java.util.Set;

/** Package names with a meaning of their own to env-migrator; names are compared with {@link dev.relay.events.Pep503}. */
public final class PackageNames {

    /**
     * Installer tooling that {@code pip freeze} leaves out too: a fresh venv brings its own copies,
     * and a wheelhouse rarely carries them, so pinning them would make an exported spec uninstallable.
     */
    public static final Set<String> TOOLING = Set.of("pip", "setuptools", "wheel", "distribute");

    private PackageNames() {
    }
}
