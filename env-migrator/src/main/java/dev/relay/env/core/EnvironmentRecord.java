package dev.relay.env.core;

import dev.relay.events.Check;
import dev.relay.events.EnvDiff;
import dev.relay.events.EnvVerified;
import dev.relay.events.Environment;
import dev.relay.events.ImageBuilt;
import dev.relay.events.stage.StageFailure;
import java.time.Instant;
import java.util.List;

/**
 * One verified environment of a model's history.
 *
 * @param environment  null when the probe could not run
 * @param diffBase     the release the diff was computed against, null for a model's first environment
 * @param failure      why the release failed (reason code, message, report); null when it passed
 * @param previous     the environment that was current when this one became current; rollback goes there
 * @param imageBuilt   the image.built that was verified, kept so a re-delivery re-publishes the same outcome;
 *                     null in environments recorded before it was kept
 */
public record EnvironmentRecord(String releaseId, String model, String version, String imageRef, String imageId,
                                Environment environment, List<Check> checks, EnvDiff diff, String diffBase,
                                EnvState state, Failure failure, String previous, Instant verifiedAt,
                                Instant currentSince, Instant retiredAt, Instant updatedAt, ImageBuilt imageBuilt) {

    public record Failure(String reason, String message, String detail) {

        /** The failure as the stage reports it, so the runner publishes it as {@code release.failed}. */
        public StageFailure asStageFailure() {
            return new StageFailure(reason, message, detail);
        }
    }

    public boolean passed() {
        return failure == null;
    }

    /** The env.verified of this passed environment for {@code built}, whose relay.yaml it carries forward. */
    public EnvVerified verified(ImageBuilt built) {
        return new EnvVerified(built.release(), built.image(), environment, diff, checks, built.modelConfig());
    }
}
