package dev.relay.bumper.git;

import dev.relay.bumper.core.BumpFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
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
 * A cached clone of the GitOps repository: cloned once, then fetched and hard-reset to the remote
 * branch before each use, so a bump always starts from what the remote has. Not thread-safe; the
 * {@code Bumper} serialises access.
 */
public final class GitWorkspace implements AutoCloseable {

    /** What a push came to. */
    public enum PushOutcome { PUSHED, REJECTED }

    private final GitRemote remote;
    private final Path dir;
    private Git git;

    public GitWorkspace(GitRemote remote, Path dir) {
        this.remote = remote;
        this.dir = dir;
    }

    public GitRemote remote() {
        return remote;
    }

    public Path workTree() {
        return dir;
    }

    private String remoteRef() {
        return Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + remote.branch();
    }

    /** Clones when there is no usable clone yet; then fetches and resets to the remote branch. */
    public void sync() {
        try {
            if (git == null) {
                git = openOrClone();
            }
            configure(git.fetch().setRemote(Constants.DEFAULT_REMOTE_NAME)
                    .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + remote.branch() + ":" + remoteRef()))
                    .setRemoveDeletedRefs(true)).call();
            if (git.getRepository().resolve(remoteRef()) == null) {
                throw new BumpFailure(BumpFailure.GIT_FAILED, "branch '" + remote.branch() + "' does not exist in " + remote.safeUrl());
            }
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(remoteRef()).call();
            git.clean().setCleanDirectories(true).setForce(true).setIgnore(false).call();
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
        config.save();
        return cloned;
    }

    private <C extends TransportCommand<C, ?>> C configure(C command) {
        remote.credentials().ifPresent(command::setCredentialsProvider);
        return command.setTimeout((int) Math.max(1, remote.timeout().toSeconds()));
    }

    public String head() {
        try {
            return git.getRepository().resolve(Constants.HEAD).name();
        } catch (IOException e) {
            throw translate("read", e);
        }
    }

    /** Stages the given files (relative paths) and commits them. */
    public String commit(List<String> files, String message, PersonIdent author) {
        try {
            var add = git.add();
            files.forEach(add::addFilepattern);
            add.call();
            PersonIdent now = new PersonIdent(author, new java.util.Date());
            return git.commit().setMessage(message).setAuthor(now).setCommitter(now).setSign(false).call().name();
        } catch (GitAPIException e) {
            throw translate("commit in", e);
        }
    }

    /**
     * Pushes the local branch; {@code REJECTED} when the remote moved on (someone else pushed first),
     * a {@code gitops-push-failed} {@link BumpFailure} when the server declined it for another reason.
     */
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
                            throw new BumpFailure(BumpFailure.PUSH_FAILED, "push to " + remote.safeUrl() + " (branch '"
                                    + remote.branch() + "') was declined by the server: "
                                    + remote.redact(String.valueOf(update.getMessage())));
                        default:
                            throw new BumpFailure(BumpFailure.PUSH_FAILED, "push to " + remote.safeUrl() + " failed: "
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
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("non-fast forward") || m.contains("non-fast-forward") || m.contains("fetch first")
                || m.contains("failed to lock") || m.contains("cannot lock ref") || m.contains("lock failure")
                || m.contains("lock error") || m.contains("invalid old id sent") || m.contains("stale info")
                || m.contains("incorrect old value");
    }

    /** Commits of the remote branch, newest first, whose message contains {@code text} and pass {@code check}. */
    public List<RevCommit> commitsWith(String text, Predicate<RevCommit> check, int limit) {
        List<RevCommit> found = new ArrayList<>();
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            ObjectId start = git.getRepository().resolve(remoteRef());
            if (start == null) {
                return found;
            }
            walk.markStart(walk.parseCommit(start));
            walk.setRevFilter(MessageRevFilter.create(text));
            for (RevCommit commit : walk) {
                if (check.test(commit)) {
                    found.add(commit);
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

    /** Paths a commit changed relative to its first parent. */
    public List<String> changedFiles(RevCommit commit) {
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
        } catch (IOException e) {
            throw translate("read", e);
        }
    }

    public Optional<String> lsRemoteHead() {
        try {
            return configure(Git.lsRemoteRepository().setRemote(remote.url()).setHeads(true)).call().stream()
                    .filter(ref -> ref.getName().equals(Constants.R_HEADS + remote.branch()))
                    .map(ref -> ref.getObjectId().name()).findFirst();
        } catch (GitAPIException e) {
            throw translate("list", e);
        }
    }

    private BumpFailure translate(String action, Exception e) {
        String message = remote.redact(rootMessage(e));
        if (isAuthProblem(e)) {
            return new BumpFailure(BumpFailure.AUTH_FAILED, "authentication to " + remote.safeUrl()
                    + " was refused; check relay.gitops.username and relay.gitops.token", message);
        }
        String reason = action.startsWith("push") ? BumpFailure.PUSH_FAILED : BumpFailure.GIT_FAILED;
        return new BumpFailure(reason, "could not " + action + " " + remote.safeUrl() + ": " + message, null);
    }

    private static boolean isAuthProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
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
