package dev.relay.events;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The block every rollback event carries. A rollback travels the chain backwards as one id: its events'
 * {@code release} block is the target release's, with the rollback id as its {@code releaseId}, so the
 * stage skeleton's statuses, failures and replay rule work on it as on a release.
 *
 * @param rollbackId {@code <model>@<to>~rollback-<suffix>} ({@link #idOf})
 * @param model      the model rolled back
 * @param from       the version that was current when the rollback was planned (null in a request)
 * @param to         the version that becomes current again
 * @param reason     why, for humans
 * @param dryRun     true: every stage plans and reports, nothing changes
 * @param releases   the releases undone, newest first (empty in a request; release-bumper plans them)
 */
public record Rollback(String rollbackId, String model, String from, String to, String reason, boolean dryRun,
                       List<RolledBackRelease> releases) {

    public static final String MARKER = "~rollback-";
    /** What may follow the marker: a client's own id or a generated one. */
    public static final Pattern SUFFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /**
     * One release the rollback undoes.
     *
     * @param releaseId    its id
     * @param version      its version
     * @param commit       its source commit
     * @param image        the image it had put in the GitOps repository
     * @param irreversible migrations it applied that have no {@code down}, as modelinfo-migrator reported them
     */
    public record RolledBackRelease(String releaseId, String version, String commit, String image, List<String> irreversible) {
    }

    public static String idOf(String model, String to, String suffix) {
        return Release.releaseIdOf(model, to) + MARKER + suffix;
    }

    /** True for a {@code releaseId} that names a rollback rather than a release. */
    public static boolean isRollbackId(String releaseId) {
        return releaseId != null && releaseId.contains(MARKER);
    }

    /** The same rollback, planned: what was current and which releases it undoes. */
    public Rollback planned(String from, List<RolledBackRelease> releases) {
        return new Rollback(rollbackId, model, from, to, reason, dryRun, List.copyOf(releases));
    }
}
