package dev.relay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Real git repositories on disk for tests: a bare "server" repository and a working clone that
 * commits, tags (lightweight or annotated) and pushes to it.
 */
public final class GitFixtures {

    public static final PersonIdent AUTHOR = new PersonIdent("Relay Test", "relay-test@example.invalid");

    static {
        isolateUserConfig();
    }

    private GitFixtures() {
    }

    /**
     * Keeps JGit away from the developer's ~/.gitconfig and XDG config (signing, hooks paths,
     * default branch), so tests behave the same on every machine.
     */
    public static void isolateUserConfig() {
        try {
            Path empty = Files.createTempDirectory("relay-git-home");
            FS.DETECTED.setUserHome(empty.toFile());
            SystemReader.getInstance().getUserConfig().clear();
            SystemReader.getInstance().getSystemConfig().clear();
        } catch (IOException | org.eclipse.jgit.errors.ConfigInvalidException e) {
            throw new IllegalStateException("could not isolate git user config", e);
        }
    }

    /** Creates a bare repository whose HEAD names {@code main}. */
    public static Path bareRepository(Path parent, String name) {
        Path dir = parent.resolve(name.endsWith(".git") ? name : name + ".git");
        try (Git git = Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call()) {
            return dir;
        } catch (GitAPIException e) {
            throw new IllegalStateException("could not create bare repository " + dir, e);
        }
    }

    /** Clones {@code remote} into {@code dir} and points HEAD at {@code main} (an empty clone leaves it on master). */
    public static WorkingCopy clone(Path remote, Path dir) {
        try {
            Git git = Git.cloneRepository().setURI(remote.toUri().toString()).setDirectory(dir.toFile()).call();
            if (git.getRepository().resolve(Constants.HEAD) == null) {
                git.getRepository().getRefDatabase().newUpdate(Constants.HEAD, false).link("refs/heads/main");
            }
            StoredConfig config = git.getRepository().getConfig();
            config.setBoolean("commit", null, "gpgsign", false);
            config.setBoolean("tag", null, "gpgsign", false);
            config.save();
            return new WorkingCopy(git);
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("could not clone " + remote, e);
        }
    }

    /** A clone that tests write to, commit, tag and push. */
    public static final class WorkingCopy implements AutoCloseable {

        private final Git git;

        WorkingCopy(Git git) {
            this.git = git;
        }

        public Path dir() {
            return git.getRepository().getWorkTree().toPath();
        }

        public Git git() {
            return git;
        }

        public WorkingCopy write(String path, String content) {
            try {
                Path file = dir().resolve(path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content, StandardCharsets.UTF_8);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public WorkingCopy delete(String path) {
            try {
                Files.deleteIfExists(dir().resolve(path));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Stages everything (including deletions) and commits; returns the commit id. */
        public String commit(String message) {
            try {
                git.add().addFilepattern(".").call();
                git.add().setUpdate(true).addFilepattern(".").call();
                RevCommit commit = git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR)
                        .setSign(false).call();
                return commit.name();
            } catch (GitAPIException e) {
                throw new IllegalStateException("could not commit", e);
            }
        }

        public String head() {
            try {
                return git.getRepository().resolve(Constants.HEAD).name();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public WorkingCopy tagLightweight(String name) {
            return tag(name, false, null);
        }

        public WorkingCopy tagAnnotated(String name, String message) {
            return tag(name, true, message);
        }

        /** Moves an existing tag to HEAD, as a force-pushed tag would. */
        public WorkingCopy retag(String name) {
            try {
                git.tagDelete().setTags(name).call();
                return tag(name, false, null);
            } catch (GitAPIException e) {
                throw new IllegalStateException("could not move tag " + name, e);
            }
        }

        private WorkingCopy tag(String name, boolean annotated, String message) {
            try {
                var tag = git.tag().setName(name).setAnnotated(annotated).setSigned(false);
                if (annotated) {
                    tag.setMessage(message).setTagger(AUTHOR);
                }
                Ref ignored = tag.call();
                return this;
            } catch (GitAPIException e) {
                throw new IllegalStateException("could not tag " + name, e);
            }
        }

        /** Pushes main and every tag (forcing tags, so a moved tag reaches the server). */
        public WorkingCopy push() {
            try {
                git.push().setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"),
                        new RefSpec("+refs/tags/*:refs/tags/*")).call();
                return this;
            } catch (GitAPIException e) {
                throw new IllegalStateException("could not push", e);
            }
        }

        @Override
        public void close() {
            git.close();
        }
    }
}
