package dev.relay.bumper.core;

import dev.relay.bumper.git.GitWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Bumps a model's image in one GitOps repository: sync the cached clone, edit, commit, push; on a
 * rejected push (someone else pushed first) sync again, re-apply and push, with jittered backoff.
 * Idempotent on the release id: the commit trailers are the record of what was already done.
 */
public final class Bumper {

    private static final int HISTORY_LIMIT = 200;

    private final GitWorkspace workspace;
    private final ManifestEditor editor = new ManifestEditor();
    private final CommitMessage messages;
    private final PersonIdent author;
    private final RetryPolicy retry;
    private final Function<String, TargetFiles> filesOfModel;
    // One clone, one writer: bumps in this process queue here; other processes are handled by retry.
    private final ReentrantLock lock = new ReentrantLock(true);

    public Bumper(GitWorkspace workspace, CommitMessage messages, PersonIdent author, RetryPolicy retry,
                  Map<String, List<String>> globsByModel) {
        this.workspace = workspace;
        this.messages = messages;
        this.author = author;
        this.retry = retry;
        this.filesOfModel = model -> new TargetFiles(globsByModel.getOrDefault(model, List.of()));
    }

    public String repoUrl() {
        return workspace.remote().safeUrl();
    }

    public String branch() {
        return workspace.remote().branch();
    }

    public BumpResult bump(BumpRequest request) {
        return bump(request, () -> { });
    }

    /**
     * Bumps; {@code onStart} runs once, when the bump is actually worked on: after the idempotency
     * check found no earlier commit of the release (never for a replayed result).
     */
    public BumpResult bump(BumpRequest request, Runnable onStart) {
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                workspace.sync();
                if (request.releaseId() != null) {
                    Optional<BumpRecord> earlier = findRelease(request.releaseId());
                    if (earlier.isPresent()) {
                        BumpRecord r = earlier.get();
                        return new BumpResult(r.commit(), r.files(), r.from(), r.to(), false, true);
                    }
                }
                if (attempt == 1) {
                    onStart.run();
                }
                Plan plan = plan(request);
                if (plan.changed.isEmpty()) {
                    return new BumpResult(workspace.head(), List.of(), plan.from, plan.to, true, false);
                }
                List<String> files = new ArrayList<>();
                for (FileEdit edit : plan.changed) {
                    write(edit);
                    files.add(edit.path());
                }
                String commit = workspace.commit(files, messages.render(request, plan.from), author);
                if (workspace.push() == GitWorkspace.PushOutcome.PUSHED) {
                    return new BumpResult(commit, files, plan.from, plan.to, false, false);
                }
                if (attempt >= retry.maxAttempts()) {
                    throw new BumpFailure(BumpFailure.PUSH_FAILED, "push to " + repoUrl() + " was rejected " + attempt
                            + " times: the branch '" + branch() + "' keeps moving");
                }
                retry.sleepAfter(attempt);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets the model back to the image before the current one, as the bump history records it. */
    public BumpResult rollback(String model) {
        lock.lock();
        try {
            workspace.sync();
            ImageRef previous = previousImage(history(model, false))
                    .orElseThrow(() -> new BumpFailure(BumpFailure.NO_PREVIOUS,
                            "no earlier image of " + model + " is recorded in " + repoUrl()));
            return bump(new BumpRequest(model, previous, previous.version(), null, null, true));
        } finally {
            lock.unlock();
        }
    }

    /** The bumps of a model, newest first. */
    public List<BumpRecord> history(String model) {
        lock.lock();
        try {
            return history(model, true);
        } finally {
            lock.unlock();
        }
    }

    private List<BumpRecord> history(String model, boolean sync) {
        if (sync) {
            workspace.sync();
        }
        return workspace.commitsWith(CommitMessage.MODEL + ": " + model,
                        c -> footer(c, CommitMessage.MODEL).filter(model::equals).isPresent(), HISTORY_LIMIT)
                .stream().map(this::record).toList();
    }

    /**
     * Replays the history oldest first as a stack: a bump pushes its image, a rollback pops the
     * current one. What lies under the top is the image before the current.
     */
    static Optional<ImageRef> previousImage(List<BumpRecord> newestFirst) {
        Deque<String> stack = new ArrayDeque<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            BumpRecord r = newestFirst.get(i);
            if (r.rollback()) {
                if (!stack.isEmpty()) {
                    stack.pop();
                }
                if (stack.isEmpty() || !stack.peek().equals(r.to())) {
                    stack.push(r.to());
                }
            } else {
                if (stack.isEmpty() && r.from() != null) {
                    stack.push(r.from());
                }
                if (stack.isEmpty() || !stack.peek().equals(r.to())) {
                    stack.push(r.to());
                }
            }
        }
        if (stack.size() < 2) {
            return Optional.empty();
        }
        stack.pop();
        return ImageRef.tryParse(stack.peek());
    }

    private Optional<BumpRecord> findRelease(String releaseId) {
        return workspace.commitsWith(CommitMessage.RELEASE_ID + ": " + releaseId,
                        c -> footer(c, CommitMessage.RELEASE_ID).filter(releaseId::equals).isPresent(), 1)
                .stream().findFirst().map(this::record);
    }

    private BumpRecord record(RevCommit c) {
        return new BumpRecord(c.name(), c.getAuthorIdent().getWhenAsInstant(), c.getAuthorIdent().getName(),
                footer(c, CommitMessage.MODEL).orElse(null), footer(c, CommitMessage.RELEASE_ID).orElse(null),
                footer(c, CommitMessage.SOURCE_COMMIT).orElse(null), footer(c, CommitMessage.PREVIOUS_IMAGE).orElse(null),
                footer(c, CommitMessage.IMAGE).orElse(null), footer(c, CommitMessage.ROLLBACK).isPresent(),
                workspace.changedFiles(c));
    }

    private static Optional<String> footer(RevCommit commit, String key) {
        List<String> values = commit.getFooterLines(key);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1).strip());
    }

    private record Plan(List<FileEdit> changed, String from, String to) {
    }

    private Plan plan(BumpRequest request) {
        BumpTarget target = new BumpTarget(request.model(), request.image());
        Path root = workspace.workTree();
        List<String> candidates = filesOfModel.apply(request.model()).list(root);
        List<FileEdit> changed = new ArrayList<>();
        List<FileEdit.Hit> hits = new ArrayList<>();
        List<String> unparsable = new ArrayList<>();
        for (String path : candidates) {
            try {
                byte[] bytes = Files.readAllBytes(root.resolve(path));
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
                    changed.add(edit);
                }
            } catch (UnparsableFileException e) {
                unparsable.add(e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!unparsable.isEmpty()) {
            throw new BumpFailure(BumpFailure.UNPARSABLE, "left alone, not valid YAML: "
                    + String.join(", ", unparsable.stream().map(u -> u.substring(0, u.indexOf(':'))).toList()),
                    String.join("\n", unparsable));
        }
        if (hits.isEmpty()) {
            throw new BumpFailure(BumpFailure.NO_TARGET, "no reference to " + request.image().repository()
                    + " (nor a '# relay: " + request.model() + "' marker) in " + candidates.size() + " YAML files of "
                    + repoUrl() + "@" + branch());
        }
        FileEdit.Hit first = hits.stream().filter(FileEdit.Hit::changes).findFirst().orElse(hits.get(0));
        return new Plan(changed, first.before(), first.after());
    }

    private void write(FileEdit edit) {
        try {
            Files.write(workspace.workTree().resolve(edit.path()), edit.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
