package dev.relay.env.git;

import dev.relay.env.core.ConfigException;
import dev.relay.env.core.ModelConfigSource;
import dev.relay.events.InvalidModelConfigException;
import dev.relay.events.ModelConfig;
import dev.relay.events.ModelConfigParser;
import dev.relay.events.Redaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads relay.yaml at a commit from a bare clone kept per repository URL: the first release of a
 * model clones, later ones fetch only when the commit is not there yet. Only for events that do not
 * carry the model's relay.yaml (older producers) and verifications by hand; parsed by the contract's
 * {@link ModelConfigParser}.
 */
public final class JGitModelConfigSource implements ModelConfigSource {

    private final Path cacheDir;
    private final int timeoutSeconds;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param timeout how long a clone or fetch may wait on the server ({@code relay.env.git.timeout}); JGit applies it
     *                to connecting and to each read, so a hung server cannot stall the ordered consumer
     */
    public JGitModelConfigSource(Path cacheDir, Duration timeout) {
        this.cacheDir = cacheDir;
        // JGit counts whole seconds, and 0 would mean "wait forever".
        this.timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
    }

    @Override
    public ModelConfig load(String repoUrl, String commit) {
        synchronized (locks.computeIfAbsent(repoUrl, k -> new Object())) {
            Path dir = cacheDir.resolve(key(repoUrl));
            try (Git git = openOrClone(repoUrl, dir, timeoutSeconds)) {
                Repository repo = git.getRepository();
                ObjectId id = ObjectId.fromString(commit);
                if (!repo.getObjectDatabase().has(id)) {
                    git.fetch().setRemote("origin").setTimeout(timeoutSeconds)
                            .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                            .call();
                }
                if (!repo.getObjectDatabase().has(id)) {
                    throw new ConfigException("commit " + commit + " is not in " + Redaction.redact(repoUrl));
                }
                try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
                    RevCommit rev = walk.parseCommit(id);
                    try (TreeWalk tree = TreeWalk.forPath(reader, ModelConfig.FILE, rev.getTree())) {
                        if (tree == null) {
                            return ModelConfig.ABSENT;
                        }
                        ObjectLoader blob = reader.open(tree.getObjectId(0));
                        if (blob.getSize() > ModelConfigParser.MAX_BYTES) {
                            // Refused before it is read into memory; the parser's own limit, in its words.
                            throw new InvalidModelConfigException(ModelConfig.FILE + " is " + blob.getSize()
                                    + " bytes, over the limit of " + ModelConfigParser.MAX_BYTES);
                        }
                        return ModelConfigParser.parse(blob.getBytes());
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException("'" + commit + "' is not a commit id");
            } catch (IOException | GitAPIException | JGitInternalException e) {
                // JGit wraps some transport failures, a read timeout among them, in the unchecked JGitInternalException.
                Throwable why = e instanceof JGitInternalException && e.getCause() != null ? e.getCause() : e;
                throw new ConfigException("could not read relay.yaml from " + Redaction.redact(repoUrl) + " at " + commit
                        + ": " + Redaction.redact(String.valueOf(why.getMessage())), e);
            }
        }
    }

    private static Git openOrClone(String repoUrl, Path dir, int timeoutSeconds) throws IOException, GitAPIException {
        if (Files.isDirectory(dir.resolve("objects"))) {
            return Git.open(dir.toFile());
        }
        Files.createDirectories(dir.getParent());
        return Git.cloneRepository().setURI(repoUrl).setBare(true).setCloneAllBranches(true)
                .setTimeout(timeoutSeconds).setDirectory(dir.toFile()).call();
    }

    private static String key(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
