package dev.relay.bumper.git;

import dev.relay.bumper.core.Author;
import dev.relay.bumper.core.BumpFailure;
import dev.relay.bumper.core.CommitMessage;
import dev.relay.bumper.core.GitOpsCommit;
import dev.relay.bumper.core.GitOpsRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.MessageRevFilter;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FileUtils;

/**
 * The GitOps repository through JGit: a cached clone, cloned once, then fetched and hard-reset to
 * the remote branch by every {@link #sync()}, so a bump always starts from what the remote has.
 * Not thread-safe; the {@code Bumper} serialises access.
 */
public final class JGitGitOpsRepository implements GitOpsRepository {

    private final GitRemote remote;
    private final Path dir;
    private Git git;

    public JGitGitOpsRepository(GitRemote remote, Path dir) {
        this.remote = remote;
        this.dir = dir;
    }

    public GitRemote remote() {
        return remote;
    }

    @Override
    public String url() {
        return remote.safeUrl();
    }

    @Override
    public String branch() {
        return remote.branch();
    }

    private String remoteRef() {
        return Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + remote.branch();
    }

    /** Clones when there is no usable clone yet; then fetches and resets to the remote branch. */
    @Override
    public String sync() {
        try {
            if (git == null) {
                git = openOrClone();
            }
            configure(git.fetch().setRemote(Constants.DEFAULT_REMOTE_NAME)
                    .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + remote.branch() + ":" + remoteRef()))
                    .setRemoveDeletedRefs(true)).call();
            if (git.getRepository().resolve(remoteRef()) == null) {
                throw new BumpFailure(BumpFailure.GIT_FAILED, "branch '" + remote.branch() + "' does not exist in " + url());
            }
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(remoteRef()).call();
            git.clean().setCleanDirectories(true).setForce(true).setIgnore(false).call();
            return git.getRepository().resolve(Constants.HEAD).name();
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (e instanceof BumpFailure failure) {
                throw failure;
            }
            // A broken cache must not wedge the service: the next attempt clones afresh.
            discard();
            throw translate("fetch from", e);
        }
    }

    private Git openOrClone() throws GitAPIException, IOException {
        if (Files.isDirectory(dir.resolve(".git"))) {
            Git existing = Git.open(dir.toFile());
            if (remote.url().equals(existing.getRepository().getConfig().getString("remote", "origin", "url"))) {
                gcInForeground(existing.getRepository().getConfig());
                return existing;
            }
            existing.close();
        }
        if (Files.exists(dir)) {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
        }
        Files.createDirectories(dir.getParent());
        Git cloned = configure(Git.cloneRepository().setURI(remote.url()).setDirectory(dir.toFile())
                .setBranch(remote.branch()).setBranchesToClone(List.of(Constants.R_HEADS + remote.branch()))
                .setCloneAllBranches(false)).call();
        // The local branch must track the configured one even when the remote's HEAD names another.
        Repository repo = cloned.getRepository();
        if (repo.resolve(remoteRef()) != null && !(Constants.R_HEADS + remote.branch()).equals(repo.getFullBranch())) {
            cloned.checkout().setCreateBranch(repo.findRef(Constants.R_HEADS + remote.branch()) == null)
                    .setName(remote.branch()).setStartPoint(remoteRef()).call();
        }
        StoredConfig config = repo.getConfig();
        config.setBoolean("commit", null, "gpgsign", false);
        config.setString("core", null, "autocrlf", "false");
        gcInForeground(config);
        return cloned;
    }

    /**
     * JGit packs a repository by itself after a fetch once it holds enough packs, on a background thread by default;
     * that thread raced a later read (or the removal of a cache found broken) over {@code gc.log.lock}. In the
     * foreground the fetch that triggers it simply takes longer, once in a while.
     */
    private static void gcInForeground(StoredConfig config) throws IOException {
        if (config.getBoolean("gc", null, "autoDetach", true)) {
            config.setBoolean("gc", null, "autoDetach", false);
            config.save();
        }
    }

    private <C extends TransportCommand<C, ?>> C configure(C command) {
        remote.credentials().ifPresent(command::setCredentialsProvider);
        return command.setTimeout((int) Math.max(1, remote.timeout().toSeconds()));
    }

    /** The work tree's files after {@link #sync()}: exactly the branch's tree (the reset and clean saw to that). */
    @Override
    public SortedMap<String, byte[]> files(Predicate<String> paths) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String path = dir.relativize(file).toString().replace('\\', '/');
                if (!path.startsWith(".git/") && paths.test(path)) {
                    files.put(path, Files.readAllBytes(file));
                }
            }
            return files;
        } catch (IOException | UncheckedIOException e) {
            throw translate("read the files of", e);
        }
    }

    @Override
    public String commit(Map<String, byte[]> files, CommitMessage message, Author author) {
        try {
            if (!files.isEmpty()) {
                AddCommand add = git.add();
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    Files.write(dir.resolve(file.getKey()), file.getValue());
                    add.addFilepattern(file.getKey());
                }
                add.call();
            }
            PersonIdent now = new PersonIdent(author.name(), author.email(), Instant.now(), ZoneId.systemDefault());
            // No files: a record in the history only (a hold lifted).
            var commit = git.commit().setMessage(message.text()).setAuthor(now).setCommitter(now).setSign(false);
            if (files.isEmpty()) {
                commit.setAllowEmpty(true);
            }
            return commit.call().name();
        } catch (GitAPIException | IOException e) {
            throw translate("commit in", e);
        }
    }

    /**
     * Pushes the local branch; {@code REJECTED} when the remote moved on (someone else pushed first),
     * a {@code gitops-push-failed} {@link BumpFailure} when the server declined it for another reason.
     */
    @Override
    public PushOutcome push() {
        try {
            Iterable<PushResult> results = configure(git.push().setRemote(Constants.DEFAULT_REMOTE_NAME)
                    .setRefSpecs(new RefSpec(Constants.R_HEADS + remote.branch() + ":" + Constants.R_HEADS + remote.branch())))
                    .call();
            for (PushResult result : results) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    switch (update.getStatus()) {
                        case OK:
                        case UP_TO_DATE:
                            break;
                        case REJECTED_NONFASTFORWARD:
                        case REJECTED_REMOTE_CHANGED:
                            return PushOutcome.REJECTED;
                        case REJECTED_OTHER_REASON:
                            // The server reports a lost race (non-fast-forward, lock failure, ref changed)
                            // only as text; anything else (a hook declined, a protected branch) is final.
                            if (isLostRace(update.getMessage())) {
                                return PushOutcome.REJECTED;
                            }
                            throw new BumpFailure(BumpFailure.PUSH_FAILED, "push to " + url() + " (branch '"
                                    + remote.branch() + "') was declined by the server: "
                                    + remote.redact(String.valueOf(update.getMessage())));
                        default:
                            throw new BumpFailure(BumpFailure.PUSH_FAILED, "push to " + url() + " failed: "
                                    + update.getStatus() + " " + remote.redact(String.valueOf(update.getMessage())));
                    }
                }
            }
            return PushOutcome.PUSHED;
        } catch (GitAPIException e) {
            throw translate("push to", e);
        }
    }

    /** Server messages (JGit and C git) of a push that lost a race against another push. */
    static boolean isLostRace(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("non-fast forward") || m.contains("non-fast-forward") || m.contains("fetch first")
                || m.contains("failed to lock") || m.contains("cannot lock ref") || m.contains("lock failure")
                || m.contains("lock error") || m.contains("invalid old id sent") || m.contains("stale info")
                || m.contains("incorrect old value");
    }

    @Override
    public Optional<GitOpsCommit> findByTrailer(String key, String value) {
        return findAllByTrailer(key, value, 1).stream().findFirst();
    }

    @Override
    public List<GitOpsCommit> findAllWithTrailer(String key, int limit) {
        return walk(key + ": ", commit -> !commit.getFooterLines(key).isEmpty(), limit);
    }

    @Override
    public List<GitOpsCommit> findAllByTrailer(String key, String value, int limit) {
        return walk(key + ": " + value, commit -> {
            List<String> values = commit.getFooterLines(key);
            return !values.isEmpty() && values.get(values.size() - 1).strip().equals(value);
        }, limit);
    }

    /** Walks the remote branch newest first; the message filter is a cheap pre-check, {@code matches} the real one. */
    private List<GitOpsCommit> walk(String messageContains, Predicate<RevCommit> matches, int limit) {
        List<GitOpsCommit> found = new ArrayList<>();
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            ObjectId start = git.getRepository().resolve(remoteRef());
            if (start == null) {
                return found;
            }
            walk.markStart(walk.parseCommit(start));
            walk.setRevFilter(MessageRevFilter.create(messageContains));
            for (RevCommit commit : walk) {
                if (matches.test(commit)) {
                    found.add(toCommit(commit));
                    if (found.size() >= limit) {
                        break;
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw translate("read the history of", e);
        }
    }


    private GitOpsCommit toCommit(RevCommit commit) throws IOException {
        Map<String, List<String>> trailers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (FooterLine line : commit.getFooterLines()) {
            trailers.computeIfAbsent(line.getKey(), k -> new ArrayList<>()).add(line.getValue());
        }
        return new GitOpsCommit(commit.name(), commit.getAuthorIdent().getWhenAsInstant(), commit.getAuthorIdent().getName(),
                trailers, changedFiles(commit));
    }

    /** Paths a commit changed relative to its first parent. */
    private List<String> changedFiles(RevCommit commit) throws IOException {
        List<String> paths = new ArrayList<>();
        try (RevWalk walk = new RevWalk(git.getRepository()); TreeWalk tree = new TreeWalk(git.getRepository())) {
            RevCommit parsed = walk.parseCommit(commit);
            if (parsed.getParentCount() == 0) {
                return paths;
            }
            tree.addTree(walk.parseCommit(parsed.getParent(0)).getTree());
            tree.addTree(parsed.getTree());
            tree.setRecursive(true);
            tree.setFilter(TreeFilter.ANY_DIFF);
            while (tree.next()) {
                paths.add(tree.getPathString());
            }
            return paths;
        }
    }

    @Override
    public Optional<String> remoteHead() {
        try {
            return configure(Git.lsRemoteRepository().setRemote(remote.url()).setHeads(true)).call().stream()
                    .filter(ref -> ref.getName().equals(Constants.R_HEADS + remote.branch()))
                    .map(ref -> ref.getObjectId().name()).findFirst();
        } catch (GitAPIException e) {
            throw translate("list", e);
        }
    }

    /**
     * JGit's exception as a failure without credentials. Trouble reaching the remote is retryable
     * (a re-delivery tries again); refused credentials are not (they need new configuration).
     */
    private BumpFailure translate(String action, Exception e) {
        String message = remote.redact(rootMessage(e));
        if (isAuthProblem(e)) {
            return new BumpFailure(BumpFailure.AUTH_FAILED, "authentication to " + url()
                    + " was refused; check relay.gitops.username and relay.gitops.token", message);
        }
        String reason = action.startsWith("push") ? BumpFailure.PUSH_FAILED : BumpFailure.GIT_FAILED;
        return BumpFailure.retryable(reason, "could not " + action + " " + url() + ": " + message, null);
    }

    private static boolean isAuthProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if ((t instanceof TransportException || t instanceof org.eclipse.jgit.errors.TransportException)
                    && (m.contains("not authorized") || m.contains("authentication") || m.contains("401")
                    || m.contains("403") || m.contains("credentialsprovider"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }

    /** Drops the cached clone; the next {@link #sync()} clones afresh. */
    public void discard() {
        close();
        try {
            if (Files.exists(dir)) {
                FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
            }
        } catch (IOException ignored) {
            // the next clone deletes what is left
        }
    }

    @Override
    public void close() {
        if (git != null) {
            git.close();
            git = null;
        }
    }
}
