package dev.relay.bumper.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Plans a bump without touching anything: the candidate files' bytes and the target in, the
 * byte-exact edits out. Reading the files and writing the edits is the {@link GitOpsRepository}'s job.
 */
public final class BumpPlanner {

    private final ManifestEditor editor = new ManifestEditor();

    /**
     * @param files path to bytes of the files that may be edited
     * @throws BumpFailure {@code gitops-unparsable} when a file that may hold the target is not valid
     *                     UTF-8 YAML (all such files are named; none is edited)
     */
    public BumpPlan plan(SortedMap<String, byte[]> files, BumpTarget target) {
        List<FileEdit> edits = new ArrayList<>();
        List<FileEdit.Hit> hits = new ArrayList<>();
        List<UnparsableFileException> unparsable = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey();
            byte[] bytes = file.getValue();
            try {
                String text;
                try {
                    text = ManifestEditor.decode(path, bytes);
                } catch (UnparsableFileException notUtf8) {
                    // The repository and the marker are ASCII: a byte-for-byte view finds them even in
                    // non-UTF-8 text. A file that cannot hold the target is ignored, not a failure.
                    if (!ManifestEditor.mayHold(new String(bytes, StandardCharsets.ISO_8859_1), target)) {
                        continue;
                    }
                    throw notUtf8;
                }
                if (!ManifestEditor.mayHold(text, target)) {
                    continue;
                }
                FileEdit edit = editor.edit(path, text, target);
                hits.addAll(edit.hits());
                if (edit.changed()) {
                    edits.add(edit);
                }
            } catch (UnparsableFileException e) {
                unparsable.add(e);
            }
        }
        if (!unparsable.isEmpty()) {
            throw new BumpFailure(BumpFailure.UNPARSABLE, "left alone, not valid YAML: "
                    + String.join(", ", unparsable.stream().map(UnparsableFileException::path).toList()),
                    String.join("\n", unparsable.stream().map(Throwable::getMessage).toList()));
        }
        return new BumpPlan(edits, hits, files.size());
    }
}
