package dev.relay.bumper.core;

import dev.relay.bumper.git.GitRemote;
import dev.relay.bumper.git.JGitGitOpsRepository;
import dev.relay.testkit.GitFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;

/** A GitOps repository for tests: a real bare repository seeded with manifests, and bumpers on it. */
public final class GitOpsFixture {

    public static final Author RELAY = new Author("Relay Bot", "relay@example.invalid");

    static {
        GitFixtures.isolateUserConfig();
    }

    private GitOpsFixture() {
    }

    public static String deployment(String image) {
        return "# managed by relay\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n"
                + "    spec:\n      containers:\n        - name: model\n          image: " + image + "   # keep\n";
    }

    /** A bare repository with one commit holding {@code files} (path -> content), branch main. */
    public static Path seed(Path parent, String name, Map<String, String> files) {
        Path bare = GitFixtures.bareRepository(parent, name);
        try (GitFixtures.WorkingCopy wc = GitFixtures.clone(bare, parent.resolve(name + "-seed"))) {
            files.forEach(wc::write);
            wc.commit("initial manifests");
            wc.push();
        }
        return bare;
    }

    /** The JGit adapter on a remote (a bare repository's file URL, or the test HTTP server's). */
    public static JGitGitOpsRepository repository(String url, Path cache, String user, String token) {
        return new JGitGitOpsRepository(new GitRemote(url, "main", user, token, Duration.ofSeconds(20)), cache);
    }

    public static Bumper bumper(String url, Path cache, String user, String token, RetryPolicy retry) {
        return new Bumper(repository(url, cache, user, token), new CommitTemplate("Bump {model} to {version}"), RELAY,
                retry, Map.of());
    }

    public static Bumper bumper(String url, Path cache, String user, String token, int attempts) {
        return bumper(url, cache, user, token, new RetryPolicy(attempts, Duration.ofMillis(40), Duration.ofMillis(800)));
    }

    public static Bumper bumper(Path bare, Path cache) {
        return bumper(bare.toUri().toString(), cache, null, null, 3);
    }

    /** Reads a file of the bare repository's main branch through a fresh clone. */
    public static String read(Path bare, Path scratch, String path) {
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(scratch.toFile()).call()) {
            return Files.readString(scratch.resolve(path), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commit messages of main, newest first. */
    public static List<RevCommit> log(Path bare) {
        try (Git git = Git.open(bare.toFile())) {
            List<RevCommit> commits = new ArrayList<>();
            git.log().add(git.getRepository().resolve("refs/heads/main")).call().forEach(commits::add);
            return commits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
