package dev.relay.events;

import java.util.Optional;

/**
 * The rules of {@code git check-ref-format} for a tag name, so that a release version is exactly
 * what git would accept as {@code refs/tags/<version>}.
 */
public final class GitRefNames {

    private GitRefNames() {
    }

    /** Why {@code tag} is not a valid tag name, or empty when it is. */
    public static Optional<String> problemWithTag(String tag) {
        if (tag.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (tag.equals("@")) {
            return Optional.of("must not be '@'");
        }
        if (tag.startsWith("/") || tag.endsWith("/") || tag.contains("//")) {
            return Optional.of("must not start or end with '/' or contain '//'");
        }
        if (tag.endsWith(".")) {
            return Optional.of("must not end with '.'");
        }
        if (tag.contains("..")) {
            return Optional.of("must not contain '..'");
        }
        if (tag.contains("@{")) {
            return Optional.of("must not contain '@{'");
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ' ' || "~^:?*[\\".indexOf(c) >= 0) {
                return Optional.of("must not contain control characters, spaces or any of ~^:?*[\\");
            }
        }
        for (String component : tag.split("/")) {
            if (component.startsWith(".") || component.endsWith(".lock")) {
                return Optional.of("no path component may start with '.' or end with '.lock'");
            }
        }
        return Optional.empty();
    }
}
