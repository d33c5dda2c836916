package dev.relay.env.core;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the engine accepts as an image to inspect: a reference as the distribution spec writes it
 * ({@code [host[:port]/]path[:tag][@algorithm:hex]}) or an image id ({@code sha256:<64 hex>}).
 * Anything else (a shell fragment, a URL) is refused before it reaches the engine.
 */
public final class ImageReference {

    // The grammar of github.com/distribution/reference (regexp.go), spelled out once.
    private static final String ALPHA_NUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALPHA_NUMERIC + "(?:" + SEPARATOR + ALPHA_NUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])";
    private static final String NAME = "(?:" + HOST + "(?::[0-9]+)?/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::" + TAG + ")?(?:@" + DIGEST + ")?");
    private static final Pattern IMAGE_ID = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final int NAME_MAX = 255;

    private ImageReference() {
    }

    /** Why {@code text} is not an image reference or id, or empty when it is one. */
    public static Optional<String> problem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("is required");
        }
        if (IMAGE_ID.matcher(text).matches()) {
            return Optional.empty();
        }
        var m = REFERENCE.matcher(text);
        if (!m.matches()) {
            return Optional.of("'" + shortened(text) + "' is not an image reference ([host[:port]/]name[:tag][@digest], lower-case name)"
                    + " or image id (sha256:<64 hex>)");
        }
        if (m.group(1).length() > NAME_MAX) {
            return Optional.of("the image name is longer than " + NAME_MAX + " characters");
        }
        return Optional.empty();
    }

    /** Enough of the input to recognise it in an answer, never a page of it. */
    private static String shortened(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
