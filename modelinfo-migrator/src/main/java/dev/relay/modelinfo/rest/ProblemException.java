package dev.relay.modelinfo.rest;

import dev.relay.events.problem.Problem;

/** Ends a request with a {@link Problem} other than a 400 ({@link InvalidRequestException}); {@link ProblemMappers} writes it. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
