package dev.relay.modelinfo.rest;

/**
 * A request the caller must fix; answered with 400, reason {@code invalid-request}, naming {@link #field()}
 * in the problem's {@code field} and at the start of its {@code detail}, as the contract's validator does.
 */
public class InvalidRequestException extends RuntimeException {

    private final String field;
    private final String problem;

    public InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The request field at fault, e.g. {@code action}, {@code image.ref}, or {@code body}. */
    public String field() {
        return field;
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }
}
