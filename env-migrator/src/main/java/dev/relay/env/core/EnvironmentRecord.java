package dev.relay.env.core;

import dev.relay.events.Check;
import dev.relay.events.EnvDiff;
import dev.relay.events.Environment;
import java.time.Instant;
import java.util.List;

/**
 * One verified environment of a model's history.
 *
 * @param environment  null when the probe could not run
 * @param diffBase     the release the diff was computed against, null for a model's first environment
 * @param failure      why the release failed (reason code, message, report); null when it passed
 * @param previous     the environment that was current when this one became current; rollback goes there
 */
public record EnvironmentRecord(String releaseId, String model, String version, String imageRef, String imageId,
                                Environment environment, List<Check> checks, EnvDiff diff, String diffBase,
                                EnvState state, Failure failure, String previous, Instant verifiedAt,
                                Instant currentSince, Instant retiredAt, Instant updatedAt) {

    public record Failure(String reason, String message, String detail) {
    }

    public boolean passed() {
        return failure == null;
    }
}
