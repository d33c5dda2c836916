package dev.relay.env.rest;

/** Ends a request with a {@link Problem}; {@link ProblemMappers} writes it. */
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
