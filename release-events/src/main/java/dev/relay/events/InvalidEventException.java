package dev.relay.events;

/** A record that cannot be accepted as an event of the contract. The message names the offending field. */
public class InvalidEventException extends RuntimeException {

    private final String field;

    public InvalidEventException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public InvalidEventException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
    }

    /** Path of the offending field, e.g. {@code release.commit}, {@code ce_type} or {@code payload}. */
    public String field() {
        return field;
    }
}
