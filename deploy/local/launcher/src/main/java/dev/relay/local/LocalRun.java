package dev.relay.local;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.bson.Document;

/**
 * {@code deploy/local/run}: the whole chain on this machine with one command. Starts the broker,
 * the Mongo server and the four services, pushes two releases of {@code hello-model}, prints
 * their timelines and the resulting GitOps commit, then keeps running until Ctrl-C
 * ({@code --once}: exits, non-zero if a release failed). {@code --campaign} runs {@link CampaignDemo} instead;
 * {@code --replicas N} starts N instances of every service (see {@link LocalRunArguments}).
 */
public final class LocalRun {

    static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(10);

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        LocalRunArguments arguments;
        try {
            arguments = LocalRunArguments.parse(args);
        } catch (LocalRunArguments.Invalid e) {
            System.err.println("relay: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (arguments.help()) {
            System.out.println(LocalRunArguments.USAGE);
            return;
        }
        boolean once = arguments.once();
        boolean clean = arguments.clean();
        boolean campaign = arguments.campaign();
        Path root = ProjectRoot.find();
        Path state = arguments.state() != null ? arguments.state() : root.resolve(".relay/local");
        PrintStream out = System.out;
        if (clean) {
            LocalChain.deleteRecursively(state);
            out.println("relay: removed " + state);
        }
        LocalChainConfig config = LocalChainConfig.defaults(root, state).withReplicas(arguments.replicas());
        out.println("relay: state in " + state);
        GitCli git = new GitCli(config.state().resolve("home"));
        // release-bumper is ready only once its GitOps repository answers.
        SampleGitOps gitops = SampleGitOps.open(config.repos(), git, config.imagePrefix());
        out.println("relay: starting the chain");
        LocalChain chain = LocalChain.start(config, out);
        ReleaseWatcher watcher = new ReleaseWatcher(chain.bootstrapServers(), out);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C reaches this JVM alone (every child runs in its own process group, see ManagedProcess): the hook
        // stops the services newest first, then Mongo, then the broker, so none of them sees the broker leave first.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("relay: stopping everything this run started");
            watcher.close();
            chain.close();
            stopped.countDown();
        }, "relay-local-stop"));

        // --campaign: the platform-upgrade demo instead of hello-model's releases.
        boolean allSucceeded = campaign ? CampaignDemo.run(config, chain, watcher, git, gitops, out)
                : runDemo(config, chain, watcher, git, gitops, out);
        printUrls(chain, out);
        if (once) {
            System.exit(allSucceeded ? 0 : 1);
        }
        out.println("relay: running. Push more tags to " + config.repos().resolve("work/hello-model")
                + " (git tag v0.0.N && git push --tags); Ctrl-C stops everything.");
        stopped.await();
    }

    /** Seeds ModelInfo, pushes the next two demo releases and reports them; true when both reached GitOps. */
    static boolean runDemo(LocalChainConfig config, LocalChain chain, ReleaseWatcher watcher, GitCli git, SampleGitOps gitops,
                           PrintStream out) {
        seedModelInfo(chain.mongoConnectionString(), out);
        SampleModel model = SampleModel.open(config.projectRoot(), config.repos(), config.wheelhouse(), chain.bootstrapServers(), git);
        int first = model.nextPatch();
        boolean allSucceeded = true;
        List<String> summary = new ArrayList<>();
        for (int patch = first; patch < first + 2; patch++) {
            String version = "v0.0." + patch;
            ReleaseWatcher.Track track = watcher.follow(SampleModel.NAME + "@" + version);
            out.println();
            out.println("relay: pushing tag " + version + " of " + SampleModel.NAME);
            track.pushedNow();
            model.release(patch, false);
            if (!track.awaitEnd(RELEASE_TIMEOUT)) {
                out.println("relay: " + track.releaseId() + " did not finish within " + RELEASE_TIMEOUT.toMinutes()
                        + " min; see the service logs in " + config.state().resolve("logs"));
                allSucceeded = false;
                continue;
            }
            boolean ok = track.succeeded();
            allSucceeded &= ok;
            String line = track.releaseId() + ": " + (ok ? track.timing().toString() : "FAILED");
            summary.add(line);
            out.println("relay: " + line);
        }
        if (allSucceeded) {
            allSucceeded = rollBackTheLastRelease(chain, watcher, out, summary, "v0.0." + first);
        }
        out.println();
        out.println("relay: GitOps repository " + gitops.bareRepository() + " is at:");
        out.println(gitops.show("main"));
        out.println("relay: per release, " + String.join("\n               ", summary));
        return allSucceeded;
    }

    /**
     * The demo's last step: the release just made is rolled back to the one before, through every stage in
     * reverse (release-bumper, modelinfo-migrator, env-migrator), as one request, printed like a release.
     */
    static boolean rollBackTheLastRelease(LocalChain chain, ReleaseWatcher watcher, PrintStream out, List<String> summary,
                                          String to) {
        String suffix = "demo-" + Long.toString(System.currentTimeMillis(), 36);
        String rollbackId = dev.relay.events.Rollback.idOf(SampleModel.NAME, to, suffix);
        out.println();
        out.println("relay: rolling " + SampleModel.NAME + " back to " + to + " (POST /rollbacks)");
        // Followed before it is asked for: the watcher keeps only the events of what it follows.
        ReleaseWatcher.Track track = watcher.follow(rollbackId);
        track.pushedNow();
        RollbackAnswer answer = requestRollback(chain.baseUrl(Service.RELEASE_BUMPER), "{\"model\":\"" + SampleModel.NAME
                + "\",\"to\":\"" + to + "\",\"reason\":\"the demo rolls back\",\"rollbackId\":\"" + suffix + "\"}");
        if (answer.status() != 202) {
            out.println("relay: the rollback was refused (" + answer.status() + "): " + answer.body());
            return false;
        }
        if (!track.awaitEnd(RELEASE_TIMEOUT)) {
            out.println("relay: " + rollbackId + " did not finish within " + RELEASE_TIMEOUT.toMinutes() + " min");
            return false;
        }
        String line = rollbackId + ": " + (track.succeeded() ? track.rollbackTiming() : "FAILED");
        summary.add(line);
        out.println("relay: " + line);
        return track.succeeded();
    }

    /** What POST /rollbacks answered. */
    record RollbackAnswer(int status, String body) {
    }

    static RollbackAnswer requestRollback(String bumperUrl, String json) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(bumperUrl + "/rollbacks")).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new RollbackAnswer(response.statusCode(), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** ModelInfo documents for the sample's migration; seeded once, so a second run finds them migrated. */
    static void seedModelInfo(String connectionString, PrintStream out) {
        try (var client = MongoClients.create(connectionString)) {
            var modelinfo = client.getDatabase("relay").getCollection("modelinfo");
            if (modelinfo.countDocuments(Filters.eq("model", SampleModel.NAME)) > 0) {
                return;
            }
            List<Document> docs = new ArrayList<>();
            int i = 1;
            for (String name : SampleModel.seedNames()) {
                docs.add(new Document("model", SampleModel.NAME).append("name", name).append("foo", name + "-v").append("bar", i++));
            }
            docs.add(new Document("model", "other-model").append("name", "untouched").append("foo", "x").append("bar", 0));
            modelinfo.insertMany(docs);
            out.println("relay: seeded " + docs.size() + " ModelInfo documents");
        }
    }

    static void printUrls(LocalChain chain, PrintStream out) {
        out.println();
        out.println("relay: services");
        for (ServiceInstance instance : chain.config().instances()) {
            String base = chain.baseUrl(instance);
            String name = chain.config().replicas() == 1 ? instance.service().id() : instance.name();
            out.printf("  %-18s health %s/q/health  metrics %s/q/metrics  API docs %s/q/openapi%n", name, base, base, base);
        }
        out.println("  kafka              " + chain.bootstrapServers() + "   (kcat -b " + chain.bootstrapServers() + " -C -t release.status)");
        out.println("  mongo              " + chain.mongoConnectionString());
    }
}
