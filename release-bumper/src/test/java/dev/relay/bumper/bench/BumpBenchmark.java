package dev.relay.bumper.bench;

import dev.relay.bumper.core.BumpRequest;
import dev.relay.bumper.core.BumpResult;
import dev.relay.bumper.core.Bumper;
import dev.relay.bumper.core.GitOpsFixture;
import dev.relay.bumper.core.ImageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: the time of one bump on a GitOps repository with 10,000 commits and 1,000 files, with
 * a warm cached clone versus a fresh clone each time. Excluded from {@code verify}; run with
 * {@code ./mvnw -pl release-bumper test -Pbench -Dtest=BumpBenchmark}.
 */
class BumpBenchmark {

    private static final int FILES = 1_000;
    private static final int COMMITS = 10_000;
    private static final int RUNS = 5;

    @TempDir
    Path tmp;

    @Test
    void warmCacheVersusFreshClone() throws Exception {
        long t0 = System.nanoTime();
        Path bare = build(tmp.resolve("gitops.git"));
        System.out.printf(Locale.ROOT, "%nrepository: %,d files, %,d commits, built and packed in %.1f s%n", FILES,
                COMMITS + 1, (System.nanoTime() - t0) / 1e9);
        String url = bare.toUri().toString();

        Bumper warm = GitOpsFixture.bumper(url, tmp.resolve("warm-cache"), null, null, 3);
        bump(warm, 1); // the one clone of the warm cache, not measured
        List<Long> warmMillis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            warmMillis.add(bump(warm, 2 + i));
        }
        List<Long> coldMillis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Path cache = tmp.resolve("cold-cache-" + i);
            coldMillis.add(bump(GitOpsFixture.bumper(url, cache, null, null, 3), 100 + i));
            FileUtils.delete(cache.toFile(), FileUtils.RECURSIVE);
        }
        double warmMedian = median(warmMillis);
        double coldMedian = median(coldMillis);
        System.out.printf(Locale.ROOT, "warm cache  (fetch + reset + history + edit + commit + push): runs %s ms, median %.0f ms%n",
                warmMillis, warmMedian);
        System.out.printf(Locale.ROOT, "fresh clone (clone + history + edit + commit + push):        runs %s ms, median %.0f ms%n",
                coldMillis, coldMedian);
        System.out.printf(Locale.ROOT, "fresh clone / warm cache = %.1fx%n%n", coldMedian / warmMedian);
    }

    private static long bump(Bumper bumper, int version) {
        long start = System.nanoTime();
        BumpResult result = bumper.bump(new BumpRequest("bench-model", ImageRef.parse("r.io/team/bench-model:v" + version),
                "v" + version, "bench-model@v" + version, "0123456789abcdef0123456789abcdef01234567", false));
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (result.noop() || result.files().size() != 1) {
            throw new AssertionError("unexpected bump result " + result);
        }
        return millis;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static String path(int i) {
        return String.format(Locale.ROOT, "apps/g%02d/m%04d/deployment.yaml", i % 10, i);
    }

    /** 1,000 manifests, then 10,000 commits each touching one of them (written as objects, then packed). */
    private static Path build(Path dir) throws Exception {
        try (Git git = Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call()) {
            Repository repo = git.getRepository();
            PersonIdent who = new PersonIdent("Bench", "bench@example.invalid");
            DirCache index = DirCache.newInCore();
            ObjectId parent = null;
            // One pack instead of some 40,000 loose objects: the build takes seconds, not minutes.
            try (ObjectInserter inserter = ((ObjectDirectory) repo.getObjectDatabase()).newPackInserter()) {
                DirCacheBuilder builder = index.builder();
                List<String> paths = new ArrayList<>();
                for (int i = 0; i < FILES; i++) {
                    paths.add(i == 0 ? "apps/bench/deployment.yaml" : path(i));
                }
                paths.sort(null);
                for (String p : paths) {
                    String image = p.startsWith("apps/bench/") ? "r.io/team/bench-model:v0" : "r.io/team/" + p.split("/")[2] + ":v1";
                    builder.add(entry(inserter, p, GitOpsFixture.deployment(image)));
                }
                builder.finish();
                parent = commit(inserter, index.writeTree(inserter), null, who, "initial manifests");
                for (int c = 1; c <= COMMITS; c++) {
                    DirCacheEditor editor = index.editor();
                    String p = path(1 + c % (FILES - 1));
                    DirCacheEntry changed = entry(inserter, p, GitOpsFixture.deployment("r.io/team/" + p.split("/")[2] + ":v1")
                            + "# change " + c + "\n");
                    editor.add(new DirCacheEditor.PathEdit(p) {
                        @Override
                        public void apply(DirCacheEntry ent) {
                            ent.setFileMode(FileMode.REGULAR_FILE);
                            ent.setObjectId(changed.getObjectId());
                        }
                    });
                    editor.finish();
                    parent = commit(inserter, index.writeTree(inserter), parent, who, "Change " + p + " (" + c + ")");
                }
                inserter.flush();
            }
            RefUpdate update = repo.updateRef(Constants.R_HEADS + "main");
            update.setNewObjectId(parent);
            update.forceUpdate();
            git.gc().setAggressive(false).call();
        }
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("no repository at " + dir);
        }
        return dir;
    }

    private static DirCacheEntry entry(ObjectInserter inserter, String path, String content) throws Exception {
        DirCacheEntry entry = new DirCacheEntry(path);
        entry.setFileMode(FileMode.REGULAR_FILE);
        entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
        return entry;
    }

    private static ObjectId commit(ObjectInserter inserter, ObjectId tree, ObjectId parent, PersonIdent who, String message)
            throws Exception {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        if (parent != null) {
            commit.setParentId(parent);
        }
        commit.setAuthor(who);
        commit.setCommitter(who);
        commit.setMessage(message);
        return inserter.insert(commit);
    }
}
