package dev.relay.builder.core;

import dev.relay.events.stage.StageFailure;
import java.util.List;

/**
 * Requirements files that break the platform's rules; every problem names file, line and what is
 * wrong. The message gives the first problem, the detail all of them, so the author fixes them in one go.
 */
public class InvalidRequirementsException extends StageFailure {

    public static final String REASON = "invalid-requirements";

    private final List<String> problems;

    public InvalidRequirementsException(List<String> problems) {
        super(REASON, problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in the requirements, first: " + problems.get(0), String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
