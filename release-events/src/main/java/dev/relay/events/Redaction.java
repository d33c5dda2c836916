package dev.relay.events;

import java.util.regex.Pattern;

/**
 * The one place credentials are taken out of text before it is logged, published or answered:
 * the user-info of every URL ({@code https://user:token@host/...} becomes {@code https://***@host/...}).
 */
public final class Redaction {

    /** scheme://user-info@ — the user-info runs up to the first '@' before the host, with no '/' or space in it. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

    private Redaction() {
    }

    /** The text with the user-info of every URL in it replaced by {@code ***}; null stays null. */
    public static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
    }

    /** Whether the text holds a URL with user-info, i.e. something {@link #redact} would change. */
    public static boolean hasCredentials(String text) {
        return text != null && USER_INFO.matcher(text).find();
    }
}
