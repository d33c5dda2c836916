package dev.relay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The GitOps repository Argo CD would watch: a {@code deployment.yml} like a real one (comments,
 * probes, resources), whose image tag release-bumper moves on every release.
 */
public final class SampleGitOps {

    public static final String FILE = "apps/hello-model/deployment.yml";

    private final GitCli git;
    private final Path bare;
    private final String imagePrefix;

    private SampleGitOps(GitCli git, Path bare, String imagePrefix) {
        this.git = git;
        this.bare = bare;
        this.imagePrefix = imagePrefix;
    }

    public static SampleGitOps open(Path repos, GitCli git) {
        return open(repos, git, "");
    }

    /**
     * @param imagePrefix what the deployments' image references start with: the registry image-builder pushes to
     *                    ({@code 127.0.0.1:15000/}), or nothing when images stay in the engine
     */
    public static SampleGitOps open(Path repos, GitCli git, String imagePrefix) {
        Path bare = repos.resolve("gitops.git");
        if (!Files.exists(bare.resolve("HEAD"))) {
            try {
                Path work = repos.resolve("work").resolve("gitops");
                Files.createDirectories(work);
                git.run(repos, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
                git.run(work, "init", "--quiet", "--initial-branch=main");
                Path file = work.resolve(FILE);
                Files.createDirectories(file.getParent());
                Files.writeString(file, deployment("hello-model", imagePrefix));
                git.run(work, "add", "--all");
                git.run(work, "commit", "--quiet", "-m", "Add hello-model");
                git.run(work, "push", "--quiet", bare.toString(), "main");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new SampleGitOps(git, bare, imagePrefix);
    }

    public Path bareRepository() {
        return bare;
    }

    public String head() {
        return git.run(bare, "rev-parse", "main").strip();
    }

    public String show(String revision) {
        return git.run(bare, "show", "--format=commit %H%nAuthor: %an <%ae>%n%n%B", revision);
    }

    public String fileAt(String revision) {
        return git.run(bare, "show", revision + ":" + FILE);
    }

    /** The model's deployment file: where release-bumper moves its image tag. */
    public static String fileOf(String model) {
        return "apps/" + model + "/deployment.yml";
    }

    /**
     * Adds a deployment (image {@code <model>:v0.0.0}) for each model that has none yet, in one commit pushed to
     * the bare repository from a fresh clone, as a platform engineer onboarding models would.
     */
    public void addApps(List<String> models) {
        List<String> missing = models.stream().filter(m -> !exists(fileOf(m))).toList();
        if (missing.isEmpty()) {
            return;
        }
        Path work = bare.resolveSibling("work").resolve("gitops-onboarding-" + System.nanoTime());
        try {
            git.run(bare.getParent(), "clone", "--quiet", bare.toString(), work.toString());
            for (String model : missing) {
                Path file = work.resolve(fileOf(model));
                Files.createDirectories(file.getParent());
                Files.writeString(file, deployment(model, imagePrefix));
            }
            git.run(work, "add", "--all");
            git.run(work, "commit", "--quiet", "-m", "Add " + String.join(", ", missing));
            git.run(work, "push", "--quiet", "origin", "main");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            LocalChain.deleteRecursively(work);
        }
    }

    private boolean exists(String path) {
        try {
            git.run(bare, "cat-file", "-e", "main:" + path);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String fileAt(String revision, String path) {
        return git.run(bare, "show", revision + ":" + path);
    }

    /** The subjects of the commits after the first {@code since} ones, newest first, indented for printing. */
    public String log(long since) {
        long n = commitCount() - since;
        return n <= 0 ? "  (no commit)" : git.run(bare, "log", "--format=  %h %s", "-n", Long.toString(n), "main").stripTrailing();
    }

    /**
     * The {@code Relay-Release-Id} trailer of each commit after the first {@code since} ones, oldest first: "" for a
     * commit without one, comma-separated where a commit has several (so neither can pass for one release's commit).
     */
    public List<String> releaseIdsOldestFirst(long since) {
        long n = commitCount() - since;
        if (n <= 0) {
            return List.of();
        }
        String log = git.run(bare, "log", "--reverse", "-n", Long.toString(n),
                "--format=%x1e%(trailers:key=Relay-Release-Id,valueonly,separator=%x2C)", "main");
        return java.util.Arrays.stream(log.split("\u001e")).skip(1).map(String::strip).toList();
    }

    public long commitCount() {
        return Long.parseLong(git.run(bare, "rev-list", "--count", "main").strip());
    }

    static final String DEPLOYMENT = deployment("hello-model");

    /** The deployment of {@code model} whose image is {@code <prefix><model>:v0.0.0}. */
    static String deployment(String model, String imagePrefix) {
        return deployment(model).replace("image: \"" + model + ":v0.0.0\"", "image: \"" + imagePrefix + model + ":v0.0.0\"");
    }

    static String deployment(String model) {
        return """
            # hello-model: served by the platform's model server.
            # The image tag below is moved by Relay's release-bumper; edit anything else by hand.
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: hello-model
              labels:
                app.kubernetes.io/name: hello-model
                app.kubernetes.io/part-of: models
            spec:
              replicas: 2
              revisionHistoryLimit: 5
              selector:
                matchLabels:
                  app.kubernetes.io/name: hello-model
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: hello-model
                spec:
                  containers:
                    - name: model
                      image: "hello-model:v0.0.0"   # moved by Relay on every release
                      imagePullPolicy: IfNotPresent
                      ports:
                        - name: http
                          containerPort: 8080
                      env:
                        - name: MODEL_NAME
                          value: hello-model
                      readinessProbe:
                        httpGet: {path: /ready, port: http}
                        periodSeconds: 5
                      livenessProbe:
                        httpGet:
                          path: /healthz
                          port: http
                        initialDelaySeconds: 10
                      resources:
                        requests: {cpu: 250m, memory: 256Mi}
                        limits:
                          memory: 512Mi
            """.replace("hello-model", model);
    }
}
