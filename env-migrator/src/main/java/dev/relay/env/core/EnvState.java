package dev.relay.env.core;

/** Life of a verified environment. Nothing ever leaves the history; only the state moves. */
public enum EnvState {
    /** verified, not deployed yet */
    qa,
    /** what the model runs now */
    current,
    /** was current once; kept for an instant switch back */
    retired,
    /** a check failed or the probe could not run */
    failed,
    /**
     * undone by a rollback ({@code modelinfo.reverted} → {@code release.rolledback}): like a failed one it is
     * never made current again by a cutover ({@code gitops.updated}); only a rollback that targets it can
     */
    rolledBack
}
