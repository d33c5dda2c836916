package dev.relay.env.core.campaign;

import dev.relay.env.core.EnvironmentHistory;
import dev.relay.env.core.EnvironmentRecord;
import dev.relay.env.core.SpecExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The runbook's first two steps: list every environment with what a campaign needs to know about it, and export a
 * spec of each that recreates it later (exact pins, no build strings, no hashes), retired models included.
 */
public final class Inventory {

    /**
     * One model. {@code currentRelease} and the fields after it are null for a model that has no current environment.
     *
     * @param packages how many packages the current environment holds
     */
    public record Entry(String model, String currentRelease, String image, String python, Integer packages,
                        Instant verifiedAt, ModelMark mark) {
    }

    private final EnvironmentHistory history;
    private final ModelMarks marks;

    public Inventory(EnvironmentHistory history, ModelMarks marks) {
        this.history = history;
        this.marks = marks;
    }

    public List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        for (String model : history.models()) {
            ModelMark mark = marks.get(model);
            Optional<EnvironmentRecord> current = history.current(model);
            entries.add(current.map(r -> new Entry(model, r.releaseId(), r.imageRef(),
                    r.environment() == null ? null : r.environment().python(),
                    r.environment() == null ? null : r.environment().packages().size(), r.verifiedAt(), mark))
                    .orElseGet(() -> new Entry(model, null, null, null, null, null, mark)));
        }
        return entries;
    }

    /** Marks a model that has an environment; false when it has none. */
    public boolean mark(String model, ModelMark mark, Instant at) {
        if (history.history(model).isEmpty()) {
            return false;
        }
        marks.set(model, mark, at);
        return true;
    }

    /**
     * A zip with {@code <model>/requirements.txt} and {@code <model>/environment.yml} of every model's current
     * environment, and {@code README.txt} naming the models that have none to export.
     */
    public byte[] export() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> without = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (String model : history.models()) {
                Optional<EnvironmentRecord> current = history.current(model).filter(r -> r.environment() != null);
                if (current.isEmpty()) {
                    without.add(model);
                    continue;
                }
                EnvironmentRecord r = current.get();
                put(zip, model + "/requirements.txt", SpecExporter.requirements(r.releaseId(), r.environment()));
                put(zip, model + "/environment.yml", SpecExporter.conda(model, r.releaseId(), r.environment()));
            }
            StringBuilder readme = new StringBuilder("Current environments exported by env-migrator: per model, requirements.txt\n"
                    + "(pip install -r) and environment.yml (conda env create -f). Exact pins, no hashes, no build strings.\n");
            if (!without.isEmpty()) {
                readme.append("\nModels without a current environment, not exported: ").append(String.join(", ", without)).append('\n');
            }
            put(zip, "README.txt", readme.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        // A fixed time: the same environments give the same archive.
        entry.setTime(0L);
        zip.putNextEntry(entry);
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
