package dev.relay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A model's git repository as a model author has it: a bare repository with Relay's post-receive hook installed
 * (so a {@code git push} of a tag publishes {@code release.tagged}) and a working clone to write, commit and tag in.
 * Reused from an earlier run when it exists; the hook and its broker address are refreshed every time.
 */
public final class ModelRepository {

    private final GitCli git;
    private final String model;
    private final Path bare;
    private final Path work;

    private ModelRepository(GitCli git, String model, Path bare, Path work) {
        this.git = git;
        this.model = model;
        this.bare = bare;
        this.work = work;
    }

    /** Creates {@code <repos>/<model>.git} and its clone {@code <repos>/work/<model>}, or reuses them. */
    public static ModelRepository open(Path projectRoot, Path repos, String model, String bootstrapServers, GitCli git) {
        Path bare = repos.resolve(model + ".git");
        Path work = repos.resolve("work").resolve(model);
        try {
            if (!Files.exists(bare.resolve("HEAD"))) {
                Files.createDirectories(repos);
                git.run(repos, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
            }
            // The hook and its settings are refreshed on every run: the broker port may differ.
            Path hook = bare.resolve("hooks/post-receive");
            Files.copy(projectRoot.resolve("deploy/hooks/post-receive"), hook, StandardCopyOption.REPLACE_EXISTING);
            hook.toFile().setExecutable(true);
            git.run(bare, "config", "relay.bootstrapServers", bootstrapServers);
            git.run(bare, "config", "relay.model", model);
            if (!Files.exists(work.resolve(".git"))) {
                Files.createDirectories(work.getParent());
                git.run(work.getParent(), "clone", "--quiet", bare.toString(), work.toString());
                git.run(work, "checkout", "--quiet", "-B", "main");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelRepository(git, model, bare, work);
    }

    public String model() {
        return model;
    }

    public Path bare() {
        return bare;
    }

    public Path work() {
        return work;
    }

    /** Whether the repository already has this tag (a second local run reuses what the first released). */
    public boolean hasTag(String tag) {
        return !git.run(bare, "tag", "--list", tag).isBlank();
    }

    public String tags(String pattern) {
        return git.run(bare, "tag", "--list", pattern);
    }

    public void write(String path, String content) {
        try {
            Path file = work.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String path) {
        LocalChain.deleteRecursively(work.resolve(path));
    }

    /**
     * Commits everything in the working clone, tags it (annotated) and pushes the branch, then the tag: the tag's
     * push is what the hook turns into a release.
     */
    public void commitTagAndPush(String version, String message) {
        git.run(work, "add", "--all");
        git.run(work, "commit", "--quiet", "--allow-empty", "-m", message);
        git.run(work, "tag", "-a", version, "-m", "Release " + version);
        git.run(work, "push", "--quiet", "origin", "main");
        git.run(work, "push", "origin", "refs/tags/" + version);
    }
}
