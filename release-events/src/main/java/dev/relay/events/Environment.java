package dev.relay.events;

import java.util.Map;

/**
 * The Python environment found inside an image.
 *
 * @param python   interpreter version, e.g. {@code 3.11.2}
 * @param packages installed distributions, normalised name to version
 */
public record Environment(String python, Map<String, String> packages) {
}
