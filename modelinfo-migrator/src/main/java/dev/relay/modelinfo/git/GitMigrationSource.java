package dev.relay.modelinfo.git;

import dev.relay.modelinfo.migration.Migration;
import dev.relay.modelinfo.migration.MigrationException;
import dev.relay.modelinfo.migration.MigrationParser;
import dev.relay.modelinfo.migration.MigrationPlanner;
import dev.relay.modelinfo.migration.MigrationSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads migration files at a release's commit: the repository is fetched into a cached bare
 * repository (one per repoUrl) and the files are read from the commit's tree, without a checkout.
 *
 * <p>The folder is {@code migrations/} unless {@code relay.yaml} at that commit says otherwise with
 * {@code migrations: {dir: <folder>}} (the short form {@code migrations: <folder>} is accepted too).
 */
public final class GitMigrationSource implements MigrationSource {

    public static final String DEFAULT_DIR = "migrations";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final List<RefSpec> REF_SPECS = List.of(
            new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"));

    private final Path cacheDir;
    private final MigrationParser parser;
    private final int timeoutSeconds;
    private final Map<Path, Object> repoLocks = new ConcurrentHashMap<>();

    public GitMigrationSource(Path cacheDir, MigrationParser parser) {
        this(cacheDir, parser, DEFAULT_TIMEOUT);
    }

    /** {@code timeout} bounds each network wait of a fetch; JGit counts whole seconds, and 0 would mean none. */
    public GitMigrationSource(Path cacheDir, MigrationParser parser, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("git timeout must be positive, got " + timeout);
        }
        this.cacheDir = cacheDir;
        this.parser = parser;
        this.timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.plusMillis(999).toSeconds()));
    }

    @Override
    public List<Migration> read(String repoUrl, String commit) {
        Path bare = cacheDir.resolve(hash(repoUrl) + ".git");
        synchronized (repoLocks.computeIfAbsent(bare, p -> new Object())) {
            try (Git git = open(bare)) {
                Repository repo = git.getRepository();
                ObjectId id = ObjectId.fromString(commit);
                if (!repo.getObjectDatabase().has(id)) {
                    git.fetch().setRemote(repoUrl).setRefSpecs(REF_SPECS).setRemoveDeletedRefs(true)
                            .setTimeout(timeoutSeconds).call();
                }
                try (RevWalk walk = new RevWalk(repo)) {
                    RevCommit rev = walk.parseCommit(id);
                    return readTree(repo, rev);
                }
            } catch (MissingObjectException e) {
                throw checkoutFailed("commit " + commit + " is not in " + redact(repoUrl), e);
            } catch (IllegalArgumentException e) {
                throw checkoutFailed("'" + commit + "' is not a commit id", e);
            } catch (GitAPIException | IOException e) {
                // JGit messages may repeat the URL; keep credentials out of events and logs.
                throw checkoutFailed("could not fetch " + redact(repoUrl) + ": " + redact(String.valueOf(e.getMessage())), e);
            }
        }
    }

    private List<Migration> readTree(Repository repo, RevCommit rev) throws IOException {
        String dir = migrationsDir(repo, rev);
        List<Migration> migrations = new ArrayList<>();
        try (TreeWalk dirWalk = TreeWalk.forPath(repo, dir, rev.getTree())) {
            if (dirWalk == null || !dirWalk.isSubtree()) {
                return migrations;
            }
            try (TreeWalk files = new TreeWalk(repo)) {
                files.addTree(dirWalk.getObjectId(0));
                files.setRecursive(false);
                Map<String, String> seen = new HashMap<>();
                while (files.next()) {
                    String name = files.getNameString();
                    if (files.getFileMode(0) == FileMode.TREE || !MigrationParser.looksLikeMigration(name)) {
                        continue;
                    }
                    byte[] content = repo.open(files.getObjectId(0)).getBytes();
                    Migration m = parser.parse(name, content);
                    String other = seen.put(m.id(), name);
                    if (other != null) {
                        throw new MigrationException(MigrationException.INVALID, m.id(), null,
                                name + " and " + other + " have the same migration id " + m.id(), null);
                    }
                    migrations.add(m);
                }
            }
        }
        migrations.sort(MigrationPlanner.ORDER);
        return migrations;
    }

    private String migrationsDir(Repository repo, RevCommit rev) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repo, "relay.yaml", rev.getTree())) {
            if (walk == null) {
                return DEFAULT_DIR;
            }
            String yaml = new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            Object config;
            try {
                config = new Load(LoadSettings.builder().build()).loadFromString(yaml);
            } catch (YamlEngineException e) {
                throw new MigrationException(MigrationException.INVALID, "relay.yaml is not valid YAML: " + e.getMessage());
            }
            Object migrations = config instanceof Map<?, ?> m ? m.get("migrations") : null;
            Object dir = migrations instanceof Map<?, ?> m ? m.get("dir") : migrations;
            if (dir == null) {
                return DEFAULT_DIR;
            }
            String path = String.valueOf(dir).replaceAll("^\\./", "").replaceAll("/+$", "");
            if (path.isBlank() || path.startsWith("/") || path.contains("..")) {
                throw new MigrationException(MigrationException.INVALID,
                        "relay.yaml: migrations.dir must be a folder inside the repository, got '" + dir + "'");
            }
            return path;
        }
    }

    private static Git open(Path bare) throws IOException, GitAPIException {
        if (Files.isDirectory(bare.resolve("objects"))) {
            return Git.open(bare.toFile());
        }
        Files.createDirectories(bare);
        return Git.init().setBare(true).setDirectory(bare.toFile()).call();
    }

    private static MigrationException checkoutFailed(String message, Exception cause) {
        return new MigrationException(MigrationException.CHECKOUT_FAILED, null, null, message, cause);
    }

    /** Drops {@code user:password@} from URLs, wherever they appear in a text. */
    public static String redact(String text) {
        return text == null ? null : text.replaceAll("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@", "$1***@");
    }

    private static String hash(String repoUrl) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(repoUrl.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
