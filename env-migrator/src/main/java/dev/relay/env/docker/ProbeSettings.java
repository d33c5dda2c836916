package dev.relay.env.docker;

import java.time.Duration;

/**
 * Limits of one probe container.
 *
 * @param outputLimitBytes output kept from the container; a runaway verify command cannot fill the heap
 * @param tailChars        how much of each verify command's output the report keeps
 */
public record ProbeSettings(Duration timeout, long memoryBytes, double cpus, long pids, int outputLimitBytes,
                            int tailChars) {

    public static ProbeSettings defaults() {
        return new ProbeSettings(Duration.ofSeconds(120), 512L * 1024 * 1024, 1.0, 256, 1024 * 1024, 2000);
    }

    public ProbeSettings withTimeout(Duration t) {
        return new ProbeSettings(t, memoryBytes, cpus, pids, outputLimitBytes, tailChars);
    }
}
