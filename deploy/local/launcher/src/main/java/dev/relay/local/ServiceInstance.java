package dev.relay.local;

/**
 * One running copy of a service in the local run: a replica of its consumer groups, with its own port, Kafka
 * instance id, cache folders and log.
 *
 * @param index from 0; the same index on every run, so the same instance id across restarts
 */
public record ServiceInstance(Service service, int index) {

    /**
     * {@code RELAY_INSTANCE_ID}: unique per replica (two static members with one id fence each other) and stable across
     * restarts (a restarted replica takes its partitions back at once), like a StatefulSet pod's name.
     */
    public String instanceId() {
        return "local-" + service.id() + "-" + index;
    }

    /** What it is called in the state folder (log, cache) and in what the run prints. */
    public String name() {
        return service.id() + "-" + index;
    }
}
