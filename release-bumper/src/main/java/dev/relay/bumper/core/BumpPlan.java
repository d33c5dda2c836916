package dev.relay.bumper.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bump would change: the edits of the files that change, and every reference to the target
 * found (also those already at the target).
 *
 * @param edits    edits of the files whose bytes change, by path
 * @param hits     every reference to the target in the searched files
 * @param searched how many files were searched
 */
public record BumpPlan(List<FileEdit> edits, List<FileEdit.Hit> hits, int searched) {

    public BumpPlan {
        edits = List.copyOf(edits);
        hits = List.copyOf(hits);
    }

    /** Whether the target is referenced anywhere. */
    public boolean found() {
        return !hits.isEmpty();
    }

    /** Nothing to change: every reference is at the target already. */
    public boolean noop() {
        return edits.isEmpty();
    }

    /** The reference found before: that of the first reference that changes, else the first found. */
    public String from() {
        return representative().before();
    }

    public String to() {
        return representative().after();
    }

    private FileEdit.Hit representative() {
        if (hits.isEmpty()) {
            throw new IllegalStateException("no reference to the target was found");
        }
        return hits.stream().filter(FileEdit.Hit::changes).findFirst().orElse(hits.get(0));
    }

    public List<String> files() {
        return edits.stream().map(FileEdit::path).toList();
    }

    /** Path to the new bytes of every file that changes. */
    public Map<String, byte[]> changes() {
        Map<String, byte[]> changes = new LinkedHashMap<>();
        edits.forEach(e -> changes.put(e.path(), e.bytes()));
        return changes;
    }
}
