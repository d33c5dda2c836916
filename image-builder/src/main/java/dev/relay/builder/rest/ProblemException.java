package dev.relay.builder.rest;

import dev.relay.events.problem.Problem;

/** A request that is answered with a {@link Problem}. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(int status, String reason, String detail) {
        this(Problem.of(status, reason, detail));
    }

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
