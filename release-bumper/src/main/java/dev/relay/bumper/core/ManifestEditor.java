package dev.relay.bumper.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Changes the tag (or digest) of image references in one YAML file and nothing else.
 *
 * <p>The file is composed by SnakeYAML Engine only to learn <em>where</em> the scalars are (their
 * marks); the edit splices new characters into the original text at those offsets, so comments,
 * key order, quoting, indentation, line endings, separators and anchors stay byte-identical.
 *
 * <p>Three kinds of places are recognised:
 * <ul>
 *   <li>{@code image: <ref>} scalars at any depth (containers and initContainers of Deployments,
 *       StatefulSets, DaemonSets, Jobs, CronJobs, Pods, and Helm values that hold a full reference)
 *       whose repository equals the target's;</li>
 *   <li>kustomization {@code images:} entries whose {@code newName} (else {@code name}) equals the
 *       target repository: {@code newTag} and {@code digest} values;</li>
 *   <li>a {@code tag:} value named by a marker comment {@code # relay: <model>}, written at the end of
 *       the {@code tag:} line, on the line above it, or on the line of the mapping key that holds it.</li>
 * </ul>
 */
public final class ManifestEditor {

    public static final String MARKER = "relay:";

    private final LoadSettings settings = LoadSettings.builder()
            .setUseMarks(true)
            .setAllowDuplicateKeys(true)
            .setParseComments(false)
            .setMaxAliasesForCollections(500)
            .setCodePointLimit(16 * 1024 * 1024)
            .build();

    /** Quick text check used to skip files that cannot hold the target, before any parsing. */
    public static boolean mayHold(String text, BumpTarget target) {
        return text.contains(target.image().repository()) || text.contains(MARKER);
    }

    public FileEdit edit(String path, byte[] bytes, BumpTarget target) throws UnparsableFileException {
        return edit(path, decode(path, bytes), target);
    }

    public FileEdit edit(String path, String text, BumpTarget target) throws UnparsableFileException {
        Scan scan = new Scan(path, text, target);
        try {
            for (Node document : new Compose(settings).composeAllFromString(text)) {
                scan.document(document);
            }
        } catch (YamlEngineException e) {
            throw new UnparsableFileException(path, firstLine(e.getMessage()));
        }
        FileEdit edit = new FileEdit(path, text, scan.hits, scan.replacements);
        if (edit.changed()) {
            verify(path, edit);
        }
        return edit;
    }

    /** An edit must never turn a parseable file into one that is not. */
    private void verify(String path, FileEdit edit) throws UnparsableFileException {
        try {
            for (Node ignored : new Compose(settings).composeAllFromString(edit.content())) {
                // composing each document is the check
            }
        } catch (YamlEngineException e) {
            throw new UnparsableFileException(path, "the edited file would not parse: " + firstLine(e.getMessage()));
        }
    }

    static String decode(String path, byte[] bytes) throws UnparsableFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UnparsableFileException(path, "not UTF-8 text");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not valid YAML";
        }
        String line = message.strip().lines().findFirst().orElse("not valid YAML");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    /** The walk over one file's documents, collecting hits and replacements. */
    private static final class Scan {

        private final String path;
        private final String text;
        private final BumpTarget target;
        private final CodePoints codePoints;
        private final List<FileEdit.Hit> hits = new ArrayList<>();
        private final List<FileEdit.Replacement> replacements = new ArrayList<>();
        // Aliases compose to the very same node: visit (and edit) each node once.
        private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Node> edited = Collections.newSetFromMap(new IdentityHashMap<>());

        Scan(String path, String text, BumpTarget target) {
            this.path = path;
            this.text = text;
            this.target = target;
            this.codePoints = new CodePoints(text);
        }

        void document(Node root) {
            if (root instanceof MappingNode mapping && isKustomization(mapping)) {
                kustomizeImages(mapping);
            }
            walk(root);
        }

        private void walk(Node node) {
            if (!seen.add(node)) {
                return;
            }
            if (node instanceof MappingNode mapping) {
                for (NodeTuple entry : mapping.getValue()) {
                    String key = scalar(entry.getKeyNode()).orElse(null);
                    Node value = entry.getValueNode();
                    if ("image".equals(key) && value instanceof ScalarNode scalar) {
                        imageScalar(scalar);
                    }
                    if (key != null && hasMarker(entry.getKeyNode(), value)) {
                        markedTag(key, value);
                    }
                    walk(value);
                }
            } else if (node instanceof SequenceNode sequence) {
                sequence.getValue().forEach(this::walk);
            }
        }

        private void imageScalar(ScalarNode scalar) {
            Optional<ImageRef> found = ImageRef.tryParse(scalar.getValue());
            if (found.isEmpty() || !found.get().repository().equals(target.image().repository())) {
                return;
            }
            ImageRef before = found.get();
            if (before.tag().isEmpty() && before.digest().isEmpty()) {
                return;
            }
            ImageRef after = before.rewrittenTo(target.image());
            // Only the bytes after the repository change: tag and/or digest.
            int repoLength = before.repository().length();
            replaceValue(scalar, "image", repoLength, after.toString().substring(repoLength), before.toString(),
                    after.toString());
        }

        private boolean isKustomization(MappingNode root) {
            String kind = child(root, "kind").flatMap(Scan::scalar).orElse("");
            String apiVersion = child(root, "apiVersion").flatMap(Scan::scalar).orElse("");
            String name = path.substring(path.lastIndexOf('/') + 1);
            boolean kustomizeFile = name.equals("kustomization.yaml") || name.equals("kustomization.yml")
                    || name.equals("Kustomization");
            return child(root, "images").isPresent()
                    && (kind.equals("Kustomization") || apiVersion.startsWith("kustomize.config.k8s.io") || kustomizeFile);
        }

        private void kustomizeImages(MappingNode root) {
            if (!(child(root, "images").orElse(null) instanceof SequenceNode images)) {
                return;
            }
            for (Node item : images.getValue()) {
                if (!(item instanceof MappingNode entry)) {
                    continue;
                }
                Optional<String> name = child(entry, "newName").or(() -> child(entry, "name")).flatMap(Scan::scalar);
                if (name.isEmpty() || !name.get().equals(target.image().repository())) {
                    continue;
                }
                String repository = name.get();
                if (child(entry, "newTag").orElse(null) instanceof ScalarNode tag && target.image().tag().isPresent()) {
                    String newTag = target.image().tag().get();
                    replaceValue(tag, "kustomize-newTag", 0, newTag, repository + ":" + tag.getValue(),
                            repository + ":" + newTag);
                }
                if (child(entry, "digest").orElse(null) instanceof ScalarNode digest && target.image().digest().isPresent()) {
                    String newDigest = target.image().digest().get();
                    replaceValue(digest, "kustomize-digest", 0, newDigest, repository + "@" + digest.getValue(),
                            repository + "@" + newDigest);
                }
            }
        }

        /** A marker names this entry when it ends the key's line or stands alone on the line above. */
        private boolean hasMarker(Node key, Node value) {
            Optional<Mark> start = key.getStartMark();
            if (start.isEmpty()) {
                return false;
            }
            int keyStart = codePoints.toChar(start.get().getIndex());
            int lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
            int lineEnd = lineEnd(keyStart);
            String line = text.substring(lineStart, lineEnd);
            int hash = trailingCommentStart(line);
            if (hash >= 0 && namesTarget(line.substring(hash))) {
                return true;
            }
            if (lineStart == 0) {
                return false;
            }
            int previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
            String previous = stripCr(text.substring(previousStart, lineStart - 1)).strip();
            return previous.startsWith("#") && namesTarget(previous);
        }

        /** The start of a comment in a line, ignoring '#' inside quotes and '#' not preceded by a space. */
        private static int trailingCommentStart(String line) {
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                    return i;
                }
            }
            return -1;
        }

        private boolean namesTarget(String comment) {
            String body = comment.substring(1).strip();
            if (!body.startsWith(MARKER)) {
                return false;
            }
            String[] words = body.substring(MARKER.length()).strip().split("\\s+");
            return words.length > 0 && words[0].equals(target.model());
        }

        private void markedTag(String key, Node value) {
            Optional<String> newTag = target.image().tag();
            if (newTag.isEmpty()) {
                return;
            }
            ScalarNode tag = null;
            if (key.equals("tag") && value instanceof ScalarNode scalar) {
                tag = scalar;
            } else if (value instanceof MappingNode mapping && child(mapping, "tag").orElse(null) instanceof ScalarNode scalar) {
                tag = scalar;
            }
            if (tag == null) {
                return;
            }
            String repository = target.image().repository();
            replaceValue(tag, "marker-tag", 0, newTag.get(), repository + ":" + tag.getValue(),
                    repository + ":" + newTag.get());
        }

        /**
         * Replaces the value characters from {@code from} to the end of the scalar with {@code text}. The
         * scalar's raw form is located from its end mark (the start mark may sit on an anchor or tag).
         */
        private void replaceValue(ScalarNode scalar, String kind, int from, String replacement, String before, String after) {
            if (!edited.add(scalar)) {
                return; // an alias of a scalar already handled
            }
            int end = codePoints.toChar(scalar.getEndMark().orElseThrow().getIndex());
            int start = codePoints.toChar(scalar.getStartMark().orElseThrow().getIndex());
            String value = scalar.getValue();
            String raw;
            int quote;
            ScalarStyle style = scalar.getScalarStyle();
            if (style == ScalarStyle.PLAIN) {
                raw = value;
                quote = 0;
            } else if (style == ScalarStyle.SINGLE_QUOTED) {
                raw = "'" + value + "'";
                quote = 1;
            } else if (style == ScalarStyle.DOUBLE_QUOTED) {
                raw = "\"" + value + "\"";
                quote = 1;
            } else {
                return; // block scalars: an image reference never needs one; leave such files alone
            }
            if (end - start < raw.length() || !text.startsWith(raw, end - raw.length())) {
                return; // escapes or line folding: the value is not spelled verbatim, so do not touch it
            }
            int valueStart = end - raw.length() + quote;
            int line = scalar.getEndMark().get().getLine() + 1;
            hits.add(new FileEdit.Hit(kind, line, before, after));
            if (!before.equals(after)) {
                replacements.add(new FileEdit.Replacement(valueStart + from, valueStart + value.length(), replacement));
            }
        }

        private int lineEnd(int offset) {
            int newline = text.indexOf('\n', offset);
            int end = newline < 0 ? text.length() : newline;
            return end > offset && text.charAt(end - 1) == '\r' ? end - 1 : end;
        }

        private static String stripCr(String line) {
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }

        private static Optional<Node> child(MappingNode mapping, String key) {
            for (NodeTuple entry : mapping.getValue()) {
                if (scalar(entry.getKeyNode()).filter(key::equals).isPresent()) {
                    return Optional.of(entry.getValueNode());
                }
            }
            return Optional.empty();
        }

        private static Optional<String> scalar(Node node) {
            return node instanceof ScalarNode s ? Optional.of(s.getValue()) : Optional.empty();
        }
    }

    /** SnakeYAML marks count code points; Java strings count UTF-16 chars. */
    static final class CodePoints {
        private final String text;
        private final int[] charIndex;

        CodePoints(String text) {
            this.text = text;
            if (text.codePointCount(0, text.length()) == text.length()) {
                charIndex = null;
            } else {
                charIndex = new int[text.codePointCount(0, text.length()) + 1];
                int cp = 0;
                for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
                    charIndex[cp++] = i;
                }
                charIndex[cp] = text.length();
            }
        }

        int toChar(int codePointIndex) {
            return charIndex == null ? codePointIndex : charIndex[Math.min(codePointIndex, charIndex.length - 1)];
        }
    }
}
