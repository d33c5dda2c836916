package dev.relay.env.core;

import dev.relay.events.ReleaseRolledBack;
import dev.relay.events.stage.StageResults;
import java.util.Optional;

/**
 * The rollback stage's outcomes by rollback id ({@link StageResults}: {@code release.rolledback} or
 * {@code release.failed}), and the rollbacks that began to change the history but whose outcome is not stored
 * yet. {@link RollbackStage} records the change it is about to make ({@link #begin}) before the first write, so a
 * re-delivery after a crash in between finishes the same change and reports the same {@code from}, instead of
 * finding the target current already and reporting nothing.
 */
public interface RollbackLog extends StageResults {

    /** The change a rollback planned and began to apply, while its outcome is not stored. */
    Optional<ReleaseRolledBack> begun(String rollbackId);

    /** Records the planned change before the history is written; a stored outcome ({@link #save}) supersedes it. */
    void begin(ReleaseRolledBack planned);
}
