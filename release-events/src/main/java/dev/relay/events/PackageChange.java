package dev.relay.events;

/**
 * One package's change between two environments. {@code from} is null for an added package,
 * {@code to} for a removed one.
 *
 * @param flagged true for a downgrade or a major-version jump: worth a human look
 */
public record PackageChange(String name, String from, String to, boolean flagged) {
}
