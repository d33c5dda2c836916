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
    failed
}
