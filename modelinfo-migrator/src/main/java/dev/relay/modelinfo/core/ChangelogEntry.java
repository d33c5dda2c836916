package dev.relay.modelinfo.core;

import java.time.Instant;

/**
 * What the changelog knows about one migration of one model.
 *
 * @param state           applied, failed, rolled-back, or running while a run is under way (a crash leaves it running)
 * @param operationsDone  how many {@code up} operations completed in the latest run: a resumed run starts after them
 * @param error           why the latest run failed (names the operation), or null
 * @param source          the file's text, so {@code down} works without the repository
 */
public record ChangelogEntry(String model, String migrationId, String fileName, String checksum, State state,
                             String releaseId, Instant appliedAt, long durationMillis, long matched, long modified,
                             int operationsDone, String error, String source) {

    public enum State {
        RUNNING("running"), APPLIED("applied"), FAILED("failed"), ROLLED_BACK("rolled-back");

        private final String value;

        State(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static State of(String value) {
            for (State s : values()) {
                if (s.value.equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown changelog state '" + value + "'");
        }
    }

    public boolean applied() {
        return state == State.APPLIED;
    }

    public ChangelogEntry with(State newState, long durationMillis, long matched, long modified, int operationsDone, String error) {
        return new ChangelogEntry(model, migrationId, fileName, checksum, newState, releaseId, appliedAt, durationMillis,
                matched, modified, operationsDone, error, source);
    }
}
