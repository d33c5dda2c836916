package dev.relay.events;

import java.util.List;

/**
 * What changed between the model's current environment and a new one.
 *
 * @param python null when the interpreter did not change
 */
public record EnvDiff(List<PackageChange> added, List<PackageChange> removed, List<PackageChange> upgraded,
                      List<PackageChange> downgraded, PackageChange python) {

    public static EnvDiff none() {
        return new EnvDiff(List.of(), List.of(), List.of(), List.of(), null);
    }
}
