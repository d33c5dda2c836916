package dev.relay.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code deploy/local/run --campaign}: the platform-upgrade runbook as Relay runs it. Releases the
 * {@link CampaignFleet} models on today's platform (once per state folder), starts a campaign onto
 * {@link CampaignFleet#CAMPAIGN_BASE} with {@code promote==1.11}, prints the report, cuts the passed models over in
 * GitOps and rolls them back, printing each step's effect.
 */
final class CampaignDemo {

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(15);

    private CampaignDemo() {
    }

    /** True when the campaign ran, cut over and rolled back as expected (some rows failing is expected). */
    static boolean run(LocalChainConfig config, LocalChain chain, ReleaseWatcher watcher, GitCli git, SampleGitOps gitops,
                       PrintStream out) {
        out.println("relay: campaign base " + CampaignFleet.ensureCampaignBase(config.state()));
        CampaignFleet fleet = CampaignFleet.open(config.projectRoot(), config.repos(), config.wheelhouse(), chain.bootstrapServers(),
                git, gitops);
        List<ReleaseWatcher.Track> tracks = CampaignFleet.names().stream()
                .map(m -> watcher.follow(m + "@" + CampaignFleet.VERSION)).toList();
        tracks.forEach(ReleaseWatcher.Track::pushedNow);
        List<String> pushed = fleet.releaseUnreleased();
        if (!pushed.isEmpty()) {
            out.println("relay: released " + pushed.size() + " models on today's platform: " + String.join(", ", pushed));
            for (ReleaseWatcher.Track track : tracks) {
                if (pushed.contains(track.releaseId()) && (!track.awaitEnd(STEP_TIMEOUT) || !track.succeeded())) {
                    out.println("relay: " + track.releaseId() + " did not succeed; see " + config.state().resolve("logs"));
                    return false;
                }
            }
        }

        CampaignClient campaigns = new CampaignClient(chain.baseUrl(Service.ENV_MIGRATOR));
        out.println();
        out.println("relay: inventory (GET /environments):");
        for (JsonNode env : campaigns.get("/environments")) {
            out.printf("  %-14s %-22s python %-8s %2d packages  mark %s%n", env.path("model").asText(),
                    env.path("image").asText(), env.path("python").asText(),
                    env.path("packages").asInt(), env.path("mark").asText());
        }
        long t0 = System.nanoTime();
        String id = campaigns.start("Python 3.13 on trixie", CampaignFleet.CAMPAIGN_BASE, CampaignFleet.PLATFORM_PACKAGE,
                CampaignFleet.names());
        out.println("relay: campaign " + id + " started (POST /campaigns): " + CampaignFleet.MODELS.size()
                + " models onto " + CampaignFleet.CAMPAIGN_BASE + " with " + CampaignFleet.PLATFORM_PACKAGE);
        JsonNode done = campaigns.await(id, CampaignClient::finished, STEP_TIMEOUT);
        out.printf("relay: campaign finished in %,d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, done.path("counts"));
        out.println();
        out.println(campaigns.report(id, "md"));

        long commits = gitops.commitCount();
        t0 = System.nanoTime();
        campaigns.cutover(id);
        JsonNode cut = campaigns.await(id, c -> CampaignClient.settled(c) && !c.path("state").asText().equals("finished"), STEP_TIMEOUT);
        out.printf("relay: cutover (POST /campaigns/%s/cutover) in %,d ms: state %s, %d GitOps commits%n", id,
                (System.nanoTime() - t0) / 1_000_000, cut.path("state").asText(), gitops.commitCount() - commits);
        out.println(gitops.log(commits));

        commits = gitops.commitCount();
        t0 = System.nanoTime();
        campaigns.rollback(id);
        JsonNode back = campaigns.await(id, c -> CampaignClient.settled(c) && c.path("state").asText().equals("rolled-back"),
                STEP_TIMEOUT);
        out.printf("relay: rollback (POST /campaigns/%s/rollback) in %,d ms: state %s, %d GitOps commits%n", id,
                (System.nanoTime() - t0) / 1_000_000, back.path("state").asText(), gitops.commitCount() - commits);
        out.println(gitops.log(commits));
        out.println("relay: the report stays at " + chain.baseUrl(Service.ENV_MIGRATOR) + "/campaigns/" + id + "/report.md (and .csv)");
        return cut.path("state").asText().equals("cut-over") && back.path("state").asText().equals("rolled-back");
    }
}
