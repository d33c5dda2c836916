package dev.relay.bumper.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome of editing one file: every place where the target was found, and the new content
 * built by splicing replacements into the original text (nothing else is re-serialised).
 */
public final class FileEdit {

    /** One reference to the target found in the file, and what it becomes. */
    public record Hit(String kind, int line, String before, String after) {
        public boolean changes() {
            return !before.equals(after);
        }
    }

    /** Characters [start, end) of the original text are replaced by {@code text}. */
    record Replacement(int start, int end, String text) {
    }

    private final String path;
    private final String original;
    private final List<Hit> hits;
    private final List<Replacement> replacements;

    FileEdit(String path, String original, List<Hit> hits, List<Replacement> replacements) {
        this.path = path;
        this.original = original;
        this.hits = List.copyOf(hits);
        this.replacements = new ArrayList<>(replacements);
        this.replacements.sort(Comparator.comparingInt(Replacement::start));
    }

    public String path() {
        return path;
    }

    public List<Hit> hits() {
        return hits;
    }

    public boolean changed() {
        return !replacements.isEmpty();
    }

    public String content() {
        StringBuilder out = new StringBuilder(original.length() + 32);
        int at = 0;
        for (Replacement r : replacements) {
            out.append(original, at, r.start()).append(r.text());
            at = r.end();
        }
        return out.append(original, at, original.length()).toString();
    }

    public byte[] bytes() {
        return content().getBytes(StandardCharsets.UTF_8);
    }
}
