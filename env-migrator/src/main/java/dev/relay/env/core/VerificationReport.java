package dev.relay.env.core;

import dev.relay.events.Check;
import dev.relay.events.EnvDiff;
import dev.relay.events.Environment;
import java.util.List;

/**
 * The full answer of one verification.
 *
 * @param environment null when the probe could not run
 * @param diffBase    release the diff is against (the model's current, else its newest passed one)
 * @param configFrom  where relay.yaml was read: {@code image.built} (carried by the event) or
 *                    {@code <repo>@<commit>}; null when nowhere
 */
public record VerificationReport(String model, String image, String imageId, Environment environment, EnvDiff diff,
                                 String diffBase, List<Check> checks, boolean passed,
                                 EnvironmentRecord.Failure failure, String configFrom) {
}
