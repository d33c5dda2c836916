package dev.relay.builder.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The lines a build prints: each goes to the service log as it arrives, and the last ones are
 * kept for {@code release.failed} and the REST status.
 */
public final class BuildLog {

    private final int keep;
    private final Consumer<String> sink;
    private final Deque<String> tail = new ArrayDeque<>();

    public BuildLog(int keep, Consumer<String> sink) {
        this.keep = Math.max(1, keep);
        this.sink = sink;
    }

    public synchronized void line(String line) {
        String l = line.stripTrailing();
        if (l.isEmpty()) {
            return;
        }
        sink.accept(l);
        tail.addLast(l);
        while (tail.size() > keep) {
            tail.removeFirst();
        }
    }

    /** Text that may span several lines, as the engine streams it. */
    public void text(String text) {
        if (text != null) {
            text.lines().forEach(this::line);
        }
    }

    public synchronized String tail() {
        return String.join("\n", tail);
    }
}
