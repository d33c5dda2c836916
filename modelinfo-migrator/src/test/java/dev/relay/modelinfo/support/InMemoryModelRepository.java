package dev.relay.modelinfo.support;

import dev.relay.modelinfo.core.CommitFiles;
import dev.relay.modelinfo.core.CommitRef;
import dev.relay.modelinfo.core.ModelRepository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** The repository port without git: files per commit, failures to throw on the next opens, and every open recorded. */
public final class InMemoryModelRepository implements ModelRepository {

    private final Map<String, Map<String, byte[]>> commits = new HashMap<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private final List<CommitRef> opened = new CopyOnWriteArrayList<>();

    /** Adds a file at a commit. */
    public InMemoryModelRepository file(String commit, String path, String content) {
        commits.computeIfAbsent(commit, c -> new HashMap<>()).put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The next open throws this instead of answering. */
    public InMemoryModelRepository failNext(RuntimeException failure) {
        failures.add(failure);
        return this;
    }

    public List<CommitRef> opened() {
        return opened;
    }

    @Override
    public CommitFiles open(CommitRef ref) {
        opened.add(ref);
        if (!failures.isEmpty()) {
            throw failures.poll();
        }
        Map<String, byte[]> files = commits.getOrDefault(ref.commit(), Map.of());
        return new CommitFiles() {
            @Override
            public Optional<byte[]> file(String path) {
                return Optional.ofNullable(files.get(path));
            }

            @Override
            public SortedMap<String, byte[]> folder(String path, Predicate<String> names) {
                SortedMap<String, byte[]> found = new TreeMap<>();
                files.forEach((p, content) -> {
                    String name = p.startsWith(path + "/") ? p.substring(path.length() + 1) : null;
                    if (name != null && !name.contains("/") && names.test(name)) {
                        found.put(name, content);
                    }
                });
                return found;
            }

            @Override
            public void close() {
            }
        };
    }
}
