package dev.relay.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * The services' tests build their wheels through this name; the wheels themselves are made by
 * {@link dev.relay.wheelhouse.Wheelhouse} (module {@code relay-wheelhouse}), which the local run
 * uses too without depending on test support. New code may use that class directly.
 */
public final class Wheelhouse {

    private final dev.relay.wheelhouse.Wheelhouse wheels;

    public Wheelhouse(Path dir) {
        this.wheels = new dev.relay.wheelhouse.Wheelhouse(dir);
    }

    public Path dir() {
        return wheels.dir();
    }

    /** Adds {@code name==version} with no dependencies. */
    public Path add(String name, String version) {
        return wheels.add(name, version);
    }

    /**
     * Adds {@code name==version} depending on {@code requires} (PEP 508 strings such as
     * {@code "requests>=2"}).
     */
    public Path add(String name, String version, List<String> requires) {
        return wheels.add(name, version, requires);
    }
}
