package dev.relay.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

/**
 * The package arrows of a module's compiled classes, read by the JDK's own {@code jdeps} (the
 * command line is {@code jdeps -verbose:package -e 'dev\.relay\..*' target/classes}), and the
 * cycles among them. Every module has a test asserting there is none.
 */
public final class PackageArrows {

    private final Map<String, Set<String>> arrows;

    private PackageArrows(Map<String, Set<String>> arrows) {
        this.arrows = arrows;
    }

    /** The arrows between the project's own packages in a classes folder. */
    public static PackageArrows of(Path classes) {
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException(classes + " is not a classes folder");
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-e", "dev\\.relay\\..*",
                classes.toString());
        if (code != 0) {
            throw new IllegalStateException("jdeps exited " + code + ": " + err);
        }
        Map<String, Set<String>> arrows = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            // "   dev.relay.x.a   -> dev.relay.x.b   classes"
            if (parts.length >= 3 && parts[1].equals("->") && parts[0].startsWith("dev.relay.") && !parts[0].equals(parts[2])) {
                arrows.computeIfAbsent(parts[0], k -> new TreeSet<>()).add(parts[2]);
            }
        }
        return new PackageArrows(arrows);
    }

    public Map<String, Set<String>> arrows() {
        return arrows;
    }

    /** Every set of two or more packages that reach each other (strongly connected components), sorted. */
    public List<Set<String>> cycles() {
        // Tarjan's algorithm, iterative enough for a few dozen packages.
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> cycles = new ArrayList<>();
        int[] counter = {0};
        Set<String> nodes = new TreeSet<>(arrows.keySet());
        arrows.values().forEach(nodes::addAll);
        for (String node : nodes) {
            if (!index.containsKey(node)) {
                connect(node, index, low, stack, onStack, cycles, counter);
            }
        }
        return cycles;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         Set<String> onStack, List<Set<String>> cycles, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : arrows.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, cycles, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        arrows.forEach((from, tos) -> tos.forEach(to -> text.append(from).append(" -> ").append(to).append('\n')));
        return text.toString();
    }
}
