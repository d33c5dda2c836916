package dev.relay.modelinfo.rest;

import dev.relay.events.EventValidator;
import java.util.regex.Pattern;

/**
 * Checks of request fields that the contract's {@link EventValidator} does not make on its own: lengths
 * (checked first, so an oversized value is never echoed back), the shape of a repository URL (the contract
 * only refuses credentials in it) and of an image reference (the contract only requires one). Each failure is
 * an {@link InvalidRequestException} naming the field.
 */
final class RequestFields {

    /** Names, tags and migration ids: a git tag is one path component of at most 255 bytes on common file systems. */
    static final int TEXT_MAX = 255;
    static final int URL_MAX = 2048;
    /** {@code [host[:port]/]name[:tag][@digest]}: the engine's own limit on a name is 255. */
    static final int IMAGE_MAX = 512;

    /**
     * What JGit fetches from: {@code http(s)://}, {@code ssh://}, {@code git://} with a host, {@code file:} URLs,
     * scp-like {@code [user@]host:path} and absolute paths; never whitespace or control characters.
     */
    private static final Pattern REPO_URL = Pattern.compile(
            "(?i:https?|ssh|git|git\\+ssh|ssh\\+git)://[^/?#\\s]+(?:[/?#]\\S*)?"
                    + "|(?i:file):\\S+"
                    + "|(?:[A-Za-z0-9._~-]+@)?[A-Za-z0-9.-]+:(?!//)\\S+"
                    + "|/\\S*");

    // An image reference as the distribution spec writes it, the grammar env-migrator's ImageReference and
    // release-bumper's ImageRef also accept: [host[:port]/]path[:tag][@algorithm:hex], or an image id.
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST = "(?:" + DOMAIN + "(?:\\." + DOMAIN + ")*|\\[[a-fA-F0-9:]+\\])";
    private static final Pattern IMAGE_REF = Pattern.compile("(?:" + HOST + "(?::[0-9]+)?/)?" + COMPONENT + "(?:/" + COMPONENT + ")*"
            + "(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?"
            + "|sha256:[0-9a-f]{64}");
    private static final Pattern NO_SPACE = Pattern.compile("\\S+");

    private RequestFields() {
    }

    /** {@code value}, when it is not longer than {@code max} characters (null passes: the field's own check says it is required). */
    static String bounded(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidRequestException(field, "is longer than " + max + " characters");
        }
        return value;
    }

    /** A repository URL that git can fetch from and that carries no credentials (the contract's rule). */
    static String repoUrl(String field, String url) {
        EventValidator.repoUrl(field, bounded(field, url, URL_MAX));
        if (!REPO_URL.matcher(url).matches()) {
            throw new InvalidRequestException(field, "'" + shown(url) + "' is not a repository URL"
                    + " (http(s)://, ssh://, git://, file:, [user@]host:path or an absolute path)");
        }
        return url;
    }

    /** An image reference ({@code [host[:port]/]name[:tag][@digest]}) or image id ({@code sha256:<64 hex>}). */
    static String imageRef(String field, String ref) {
        required(field, bounded(field, ref, IMAGE_MAX));
        if (!IMAGE_REF.matcher(ref).matches()) {
            throw new InvalidRequestException(field, "'" + shown(ref) + "' is not an image reference"
                    + " ([host[:port]/]name[:tag][@digest], lower-case name) or image id (sha256:<64 hex>)");
        }
        return ref;
    }

    /** An image id as the engine reports it: one word. */
    static String imageId(String field, String id) {
        required(field, bounded(field, id, IMAGE_MAX));
        if (!NO_SPACE.matcher(id).matches()) {
            throw new InvalidRequestException(field, "'" + shown(id) + "' is not an image id (no spaces or control characters)");
        }
        return id;
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, "is required");
        }
        return value;
    }

    private static String shown(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
