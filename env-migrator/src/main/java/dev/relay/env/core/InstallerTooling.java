package dev.relay.env.core;

import java.util.Set;

/**
 * Installer tooling that {@code pip freeze} leaves out too: a fresh venv brings its own copies, and a
 * wheelhouse rarely carries them, so pinning them would make an exported spec uninstallable.
 */
public final class InstallerTooling {

    /** PEP 503 names ({@link dev.relay.events.Pep503}). */
    public static final Set<String> NAMES = Set.of("pip", "setuptools", "wheel", "distribute");

    private InstallerTooling() {
    }

    /** @param normalizedName a PEP 503-normalised distribution name */
    public static boolean contains(String normalizedName) {
        return NAMES.contains(normalizedName);
    }
}
