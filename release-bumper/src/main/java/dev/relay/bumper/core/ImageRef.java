package dev.relay.bumper.core;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference, {@code [registry[:port]/]path[:tag][@digest]}, split the way the
 * distribution spec does: the repository is everything before the tag, so a registry port
 * ({@code host:5000/team/model:1}) is never taken for a tag.
 */
public final class ImageRef {

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern HOST = Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?"
            + "|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

    private final String repository;
    private final String tag;
    private final String digest;

    private ImageRef(String repository, String tag, String digest) {
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    public static ImageRef of(String repository, String tag, String digest) {
        return parse(repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest));
    }

    /** Parses a reference or throws {@link IllegalArgumentException} saying what is wrong. */
    public static ImageRef parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not an image reference ([registry[:port]/]name[:tag][@digest])"));
    }

    public static Optional<ImageRef> tryParse(String text) {
        if (text == null || text.isEmpty() || text.length() > 512 || !text.strip().equals(text)) {
            return Optional.empty();
        }
        String rest = text;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                return Optional.empty();
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return Optional.empty();
            }
        }
        if (!validRepository(rest)) {
            return Optional.empty();
        }
        return Optional.of(new ImageRef(rest, tag, digest));
    }

    private static boolean validRepository(String repository) {
        String[] parts = repository.split("/", -1);
        int first = 0;
        // The first part is a registry when it looks like a host: has a dot, a port, or is localhost.
        if (parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost")
                || parts[0].startsWith("["))) {
            if (!HOST.matcher(parts[0]).matches()) {
                return false;
            }
            first = 1;
        }
        for (int i = first; i < parts.length; i++) {
            if (!COMPONENT.matcher(parts[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Everything before the tag: registry (with port) and path. */
    public String repository() {
        return repository;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<String> digest() {
        return Optional.ofNullable(digest);
    }

    public ImageRef withTag(String newTag) {
        return new ImageRef(repository, newTag, digest);
    }

    public ImageRef withDigest(String newDigest) {
        return new ImageRef(repository, tag, newDigest);
    }

    /** A short name of the version this reference pins: its tag, else its digest. */
    public String version() {
        return tag != null ? tag : digest;
    }

    /**
     * The reference to write where {@code this} is found, so that the reference keeps its form:
     * a tag stays a tag, a digest stays a digest (when the target has one), tag+digest stays both.
     */
    public ImageRef rewrittenTo(ImageRef target) {
        boolean wantTag = tag != null || digest == null || target.digest == null;
        boolean wantDigest = digest != null && target.digest != null;
        String newTag = wantTag ? target.tag : null;
        String newDigest = wantDigest ? target.digest : null;
        if (newTag == null && newDigest == null) {
            newTag = target.tag != null ? target.tag : null;
            newDigest = target.tag == null ? target.digest : null;
        }
        return new ImageRef(repository, newTag, newDigest);
    }

    @Override
    public String toString() {
        return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageRef other && repository.equals(other.repository) && Objects.equals(tag, other.tag)
                && Objects.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(repository, tag, digest);
    }
}
