package dev.relay.env.rest;

import dev.relay.events.problem.Problem;

/** Ends a request with a {@link Problem}; {@link ProblemMappers} writes it. */
public class ProblemException extends RuntimeException {

    public static final String INVALID_REQUEST = Problem.INVALID_REQUEST;
    public static final String NOT_FOUND = "not-found";
    public static final String CONFLICT = "conflict";

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400: {@code field} is not acceptable; the problem names it in {@code field} and at the start of {@code detail}. */
    public static ProblemException badRequest(String field, String problem) {
        return new ProblemException(Problem.invalid(field, problem));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, NOT_FOUND, detail));
    }

    public static ProblemException notFound(String reason, String detail) {
        return new ProblemException(Problem.of(404, reason, detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, CONFLICT, detail));
    }
}
