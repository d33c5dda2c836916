package dev.relay.builder.rest;

import dev.relay.events.problem.Problem;

/** A request that is answered with a {@link Problem}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String reason;

    public ProblemException(int status, String reason, String detail) {
        super(detail);
        this.status = status;
        this.reason = reason;
    }

    public Problem problem() {
        return Problem.of(status, reason, getMessage());
    }
}
