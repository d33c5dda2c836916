package dev.relay.builder.core;

import java.util.List;

/** Requirements files that break the platform's rules; every problem names file, line and what is wrong. */
public class InvalidRequirementsException extends RuntimeException {

    private final List<String> problems;

    public InvalidRequirementsException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
