package dev.relay.modelinfo.git;

import dev.relay.events.Redaction;
import dev.relay.modelinfo.core.CommitFiles;
import dev.relay.modelinfo.core.CommitRef;
import dev.relay.modelinfo.core.MigrationException;
import dev.relay.modelinfo.core.ModelRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A model repository at one commit, from one shallow fetch into a cached bare repository (one per
 * repoUrl), read from the commit's tree without a checkout.
 *
 * <p>What is fetched, depth 1, and nothing else: with a tag (every release) {@code refs/tags/<tag>},
 * which must point at the commit; without one (a commit given by hand) the commit itself, which
 * servers allow for reachable commits (protocol v2, {@code uploadpack.allowReachableSHA1InWant}).
 * Nothing is fetched when the cache already holds the commit (and the tag, pointing at it).
 */
public final class GitModelRepository implements ModelRepository {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Path cacheDir;
    private final int timeoutSeconds;
    private final Map<Path, Object> repoLocks = new ConcurrentHashMap<>();

    public GitModelRepository(Path cacheDir) {
        this(cacheDir, DEFAULT_TIMEOUT);
    }

    /** {@code timeout} bounds each network wait of a fetch; JGit counts whole seconds, and 0 would mean none. */
    public GitModelRepository(Path cacheDir, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("git timeout must be positive, got " + timeout);
        }
        this.cacheDir = cacheDir;
        this.timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.plusMillis(999).toSeconds()));
    }

    /** The cached bare repository of a URL. */
    public Path cacheOf(String repoUrl) {
        return cacheDir.resolve(hash(repoUrl) + ".git");
    }

    @Override
    public CommitFiles open(CommitRef ref) {
        String safeUrl = Redaction.redact(ref.repoUrl());
        ObjectId id;
        try {
            id = ObjectId.fromString(ref.commit());
        } catch (IllegalArgumentException e) {
            throw checkoutFailed("'" + ref.commit() + "' is not a commit id", e);
        }
        Path bare = cacheOf(ref.repoUrl());
        Git git = null;
        try {
            // Fetches into one bare repository one at a time; reading afterwards needs no lock.
            synchronized (repoLocks.computeIfAbsent(bare, p -> new Object())) {
                git = open(bare);
                Repository repo = git.getRepository();
                if (!cached(repo, id, ref.tag())) {
                    fetch(git, ref, id, safeUrl);
                }
                if (ref.tag() != null) {
                    ObjectId tagged = taggedCommit(repo, ref.tag());
                    if (tagged == null) {
                        throw checkoutFailed("tag '" + ref.tag() + "' is not in " + safeUrl, null);
                    }
                    if (!tagged.equals(id)) {
                        throw new MigrationException(MigrationException.TAG_MOVED, "tag '" + ref.tag() + "' now points at "
                                + tagged.name() + ", not at the released commit " + id.name() + " in " + safeUrl
                                + "; nothing was migrated");
                    }
                }
                if (!repo.getObjectDatabase().has(id)) {
                    throw checkoutFailed("commit " + id.name() + " is not in " + safeUrl, null);
                }
            }
            RevCommit commit;
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                commit = walk.parseCommit(id);
            }
            CommitFiles files = new TreeFiles(git, commit);
            git = null;
            return files;
        } catch (IOException e) {
            throw checkoutFailed("could not read " + id.name() + " of " + safeUrl + ": " + Redaction.redact(e.getMessage()), e);
        } finally {
            if (git != null) {
                git.close();
            }
        }
    }

    /** Whether the cache can answer without the network: the commit is there, and so is the tag, pointing at it. */
    private static boolean cached(Repository repo, ObjectId id, String tag) throws IOException {
        return repo.getObjectDatabase().has(id) && (tag == null || id.equals(taggedCommit(repo, tag)));
    }

    private void fetch(Git git, CommitRef ref, ObjectId id, String safeUrl) {
        // Forced: a tag moved on the server replaces the cached one, and is then reported as moved.
        RefSpec spec = ref.tag() != null
                ? new RefSpec("+" + Constants.R_TAGS + ref.tag() + ":" + Constants.R_TAGS + ref.tag())
                : new RefSpec("+" + id.name() + ":refs/relay/commits/" + id.name());
        try {
            git.fetch().setRemote(ref.repoUrl()).setRefSpecs(spec).setTagOpt(TagOpt.NO_TAGS).setDepth(1)
                    .setTimeout(timeoutSeconds).call();
        } catch (GitAPIException | RuntimeException e) {
            // JGit messages may repeat the URL; keep credentials out of events and logs.
            throw checkoutFailed("could not fetch " + (ref.tag() != null ? "tag '" + ref.tag() + "'" : "commit " + id.name())
                    + " from " + safeUrl + ": " + Redaction.redact(String.valueOf(e.getMessage())), e);
        }
    }

    /** The commit a local tag points at (annotated tags peeled), or null when there is no such tag. */
    private static ObjectId taggedCommit(Repository repo, String tag) throws IOException {
        Ref ref = repo.exactRef(Constants.R_TAGS + tag);
        if (ref == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(ref.getObjectId()).copy();
        } catch (org.eclipse.jgit.errors.MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            return null;
        }
    }

    private static Git open(Path bare) throws IOException {
        if (Files.isDirectory(bare.resolve("objects"))) {
            return Git.open(bare.toFile());
        }
        Files.createDirectories(bare);
        try {
            return Git.init().setBare(true).setDirectory(bare.toFile()).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot create the repository cache in " + bare, e);
        }
    }

    private static MigrationException checkoutFailed(String message, Exception cause) {
        return new MigrationException(MigrationException.CHECKOUT_FAILED, null, null, message, cause);
    }

    private static String hash(String repoUrl) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(repoUrl.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files read straight from the commit's tree. */
    private static final class TreeFiles implements CommitFiles {

        private final Git git;
        private final RevCommit commit;

        TreeFiles(Git git, RevCommit commit) {
            this.git = git;
            this.commit = commit;
        }

        @Override
        public Optional<byte[]> file(String path) {
            Repository repo = git.getRepository();
            try (TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
                if (walk == null || !isFile(walk.getFileMode(0))) {
                    return Optional.empty();
                }
                return Optional.of(repo.open(walk.getObjectId(0)).getBytes());
            } catch (IOException e) {
                throw unreadable(path, e);
            }
        }

        @Override
        public SortedMap<String, byte[]> folder(String path, Predicate<String> names) {
            Repository repo = git.getRepository();
            SortedMap<String, byte[]> files = new TreeMap<>();
            try (TreeWalk dir = TreeWalk.forPath(repo, path, commit.getTree())) {
                if (dir == null || !dir.isSubtree()) {
                    return files;
                }
                try (TreeWalk entries = new TreeWalk(repo)) {
                    entries.addTree(dir.getObjectId(0));
                    entries.setRecursive(false);
                    while (entries.next()) {
                        String name = entries.getNameString();
                        if (isFile(entries.getFileMode(0)) && names.test(name)) {
                            files.put(name, repo.open(entries.getObjectId(0)).getBytes());
                        }
                    }
                }
                return files;
            } catch (IOException e) {
                throw unreadable(path, e);
            }
        }

        private static boolean isFile(FileMode mode) {
            return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
        }

        private MigrationException unreadable(String path, IOException e) {
            return checkoutFailed("could not read " + path + " at " + commit.name() + ": " + Redaction.redact(e.getMessage()), e);
        }

        @Override
        public void close() {
            git.close();
        }
    }
}
