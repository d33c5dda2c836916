package dev.relay.events;

/** One verification made on an environment. */
public record Check(String name, boolean passed, String detail) {
}
