package dev.relay.builder.git;

import dev.relay.builder.core.BuildFailure;
import dev.relay.builder.core.SourceCheckout;
import dev.relay.events.Redaction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Checks out a tag with JGit. One bare repository per repository URL is kept in the cache folder,
 * so a later release of the same model fetches only the objects it does not have yet; each fetch
 * asks for the one tag at depth 1. The tag is first looked up on the server, so a tag that moved
 * away from the event's commit fails before anything is fetched or built.
 */
public final class JGitCheckout implements SourceCheckout {

    private final Path cacheDir;
    private final int timeoutSeconds;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    public JGitCheckout(Path cacheDir, Duration timeout) {
        this.cacheDir = cacheDir;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    }

    /** The cached repository of a URL (exists after the first checkout). */
    public Path cachedRepository(String repoUrl) {
        return cacheDir.resolve("repos").resolve(hash(repoUrl) + ".git");
    }

    @Override
    public Optional<String> resolveTag(String repoUrl, String tag) {
        return advertisedCommit(repoUrl, Redaction.redact(repoUrl), Constants.R_TAGS + tag).map(ObjectId::name);
    }

    @Override
    public void checkout(String repoUrl, String tag, String commit, Path into) {
        String safeUrl = Redaction.redact(repoUrl);
        String tagRef = Constants.R_TAGS + tag;
        ObjectId advertised = advertisedCommit(repoUrl, safeUrl, tagRef)
                .orElseThrow(() -> new BuildFailure(BuildFailure.UNKNOWN_TAG,
                        "tag '" + tag + "' does not exist in " + safeUrl, null));
        if (!advertised.name().equals(commit)) {
            throw tagMoved(tag, commit, advertised.name());
        }
        synchronized (locks.computeIfAbsent(repoUrl, u -> new Object())) {
            try (Git git = openCache(repoUrl)) {
                fetch(git, repoUrl, safeUrl, tagRef);
                Repository repo = git.getRepository();
                Ref ref = repo.exactRef(tagRef);
                if (ref == null) {
                    throw new BuildFailure(BuildFailure.UNKNOWN_TAG, "tag '" + tag + "' does not exist in " + safeUrl, null);
                }
                try (RevWalk walk = new RevWalk(repo)) {
                    RevCommit fetched = walk.parseCommit(ref.getObjectId());
                    // The tag may have moved between the lookup and the fetch.
                    if (!fetched.name().equals(commit)) {
                        throw tagMoved(tag, commit, fetched.name());
                    }
                    export(repo, fetched, into);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Optional<ObjectId> advertisedCommit(String repoUrl, String safeUrl, String tagRef) {
        Collection<Ref> refs;
        try {
            refs = Git.lsRemoteRepository().setRemote(repoUrl).setTags(true).setTimeout(timeoutSeconds).call();
        } catch (GitAPIException | RuntimeException e) {
            throw unreachable(safeUrl, e);
        }
        return refs.stream().filter(r -> r.getName().equals(tagRef)).findFirst()
                .map(r -> r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId());
    }

    private Git openCache(String repoUrl) throws IOException {
        Path dir = cachedRepository(repoUrl);
        if (Files.isDirectory(dir.resolve("objects"))) {
            return Git.open(dir.toFile());
        }
        try {
            Files.createDirectories(dir.getParent());
            return Git.init().setBare(true).setDirectory(dir.toFile()).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot create the repository cache in " + dir, e);
        }
    }

    private void fetch(Git git, String repoUrl, String safeUrl, String tagRef) {
        RefSpec spec = new RefSpec("+" + tagRef + ":" + tagRef);
        try {
            git.fetch().setRemote(repoUrl).setRefSpecs(spec).setTagOpt(TagOpt.NO_TAGS).setDepth(1)
                    .setTimeout(timeoutSeconds).call();
        } catch (GitAPIException | RuntimeException shallowRefused) {
            // Not every server serves shallow fetches; a full fetch of the one tag still works.
            try {
                git.fetch().setRemote(repoUrl).setRefSpecs(spec).setTagOpt(TagOpt.NO_TAGS).setTimeout(timeoutSeconds).call();
            } catch (GitAPIException | RuntimeException e) {
                throw unreachable(safeUrl, e);
            }
        }
    }

    /** Writes the commit's files (not a working tree: no .git, nothing to clean up but the folder). */
    private static void export(Repository repo, RevCommit commit, Path into) throws IOException {
        Files.createDirectories(into);
        try (TreeWalk tree = new TreeWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                Path target = into.resolve(tree.getPathString()).normalize();
                if (!target.startsWith(into)) {
                    continue;
                }
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        reader.open(tree.getObjectId(0)).copyTo(out);
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        target.toFile().setExecutable(true, false);
                    }
                } else if (mode == FileMode.SYMLINK) {
                    // Symlinks could point outside the context; the engine would refuse them anyway. Keep their text.
                    Files.createDirectories(target.getParent());
                    Files.write(target, reader.open(tree.getObjectId(0)).getBytes());
                }
                // Submodules (gitlinks) have no content here and are skipped.
            }
        }
    }

    private static BuildFailure tagMoved(String tag, String expected, String actual) {
        return new BuildFailure(BuildFailure.TAG_MOVED,
                "tag '" + tag + "' now points at " + actual + ", not at the released commit " + expected + "; nothing was built", null);
    }

    private static BuildFailure unreachable(String safeUrl, Exception e) {
        String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new BuildFailure(BuildFailure.REPO_UNREACHABLE, "cannot read repository " + safeUrl + ": "
                + Redaction.redact(cause), null, e);
    }

    private static String hash(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
