package dev.relay.env.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version, compared the way pip compares them: {@code 2.22 == 2.22.0}, {@code 1.0rc1 < 1.0},
 * {@code 1.0.dev1 < 1.0a1}, {@code 1.0 < 1.0.post1}. Pins and interpreter versions are both compared
 * with it, so "installed at exactly that version" means what pip would mean.
 */
public final class Pep440Version implements Comparable<Pep440Version> {

    private static final Pattern PATTERN = Pattern.compile(
            "v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
                    + "(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\\d*))?"
                    + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d*))?"
                    + "(?:[-_.]?(dev)[-_.]?(\\d*))?"
                    + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    // Sentinels that place a missing segment where PEP 440 wants it in the ordering.
    private static final long NEG = Long.MIN_VALUE;
    private static final long POS = Long.MAX_VALUE;

    private final String text;
    private final long epoch;
    private final List<Long> release;
    private final int prePhase;   // -1 = sorts before any pre-release (dev-only), 0 a, 1 b, 2 rc, 3 = final
    private final long preNumber;
    private final long post;
    private final long dev;
    private final String local;

    private Pep440Version(String text, long epoch, List<Long> release, int prePhase, long preNumber, long post, long dev,
                          String local) {
        this.text = text;
        this.epoch = epoch;
        this.release = release;
        this.prePhase = prePhase;
        this.preNumber = preNumber;
        this.post = post;
        this.dev = dev;
        this.local = local;
    }

    public static boolean isValid(String text) {
        return text != null && PATTERN.matcher(text.trim()).matches();
    }

    public static Pep440Version parse(String text) {
        Objects.requireNonNull(text, "version");
        Matcher m = PATTERN.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a PEP 440 version");
        }
        long epoch = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        List<Long> release = new ArrayList<>();
        for (String part : m.group(2).split("\\.")) {
            release.add(Long.parseLong(part));
        }
        // Trailing zeros do not count: 2.22 and 2.22.0 are the same version.
        while (release.size() > 1 && release.get(release.size() - 1) == 0L) {
            release.remove(release.size() - 1);
        }
        boolean hasPre = m.group(3) != null;
        boolean hasPost = m.group(5) != null || m.group(6) != null;
        boolean hasDev = m.group(8) != null;
        int prePhase;
        long preNumber = 0;
        if (hasPre) {
            String phase = m.group(3).toLowerCase(Locale.ROOT);
            prePhase = phase.startsWith("a") ? 0 : phase.startsWith("b") ? 1 : 2;
            preNumber = number(m.group(4));
        } else if (!hasPost && hasDev) {
            prePhase = -1;
        } else {
            prePhase = 3;
        }
        long post = !hasPost ? NEG : m.group(5) != null ? Long.parseLong(m.group(5)) : number(m.group(7));
        long dev = hasDev ? number(m.group(9)) : POS;
        String local = m.group(10) == null ? null : m.group(10).toLowerCase(Locale.ROOT).replaceAll("[-_]", ".");
        return new Pep440Version(text.trim(), epoch, List.copyOf(release), prePhase, preNumber, post, dev, local);
    }

    private static long number(String digits) {
        return digits == null || digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    /** The release segments with trailing zeros removed, e.g. {@code [3, 11, 2]}. */
    public List<Long> release() {
        return release;
    }

    public long major() {
        return release.get(0);
    }

    public long epoch() {
        return epoch;
    }

    public boolean isPreRelease() {
        return prePhase < 3 || dev != POS;
    }

    /** The release segment at {@code index}, zero past the end (so 3.11 has micro 0). */
    public long segment(int index) {
        return index < release.size() ? release.get(index) : 0L;
    }

    @Override
    public int compareTo(Pep440Version o) {
        int c = Long.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        int n = Math.max(release.size(), o.release.size());
        for (int i = 0; i < n; i++) {
            c = Long.compare(segment(i), o.segment(i));
            if (c != 0) {
                return c;
            }
        }
        c = Integer.compare(prePhase, o.prePhase);
        if (c != 0) {
            return c;
        }
        c = Long.compare(preNumber, o.preNumber);
        if (c != 0) {
            return c;
        }
        c = Long.compare(post, o.post);
        if (c != 0) {
            return c;
        }
        c = Long.compare(dev, o.dev);
        if (c != 0) {
            return c;
        }
        if (local == null || o.local == null) {
            return local == null ? (o.local == null ? 0 : -1) : 1;
        }
        return local.compareTo(o.local);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pep440Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, release, prePhase, preNumber, post, dev, local);
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * True when both strings denote the same version. Strings that are not PEP 440 (legacy versions
     * pip still shows for old distributions) are compared literally.
     */
    public static boolean same(String a, String b) {
        if (isValid(a) && isValid(b)) {
            return parse(a).equals(parse(b));
        }
        return Objects.equals(a, b);
    }
}
