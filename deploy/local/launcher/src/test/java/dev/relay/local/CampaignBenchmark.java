package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.events.Campaign;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.Topics;
import dev.relay.testkit.Infra;
import dev.relay.testkit.KafkaTestClient;
import dev.relay.testkit.Processes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: the figures of a campaign over 20 models on real parts (processes, broker, engine, git). Releases 20
 * models at once on today's platform (cold builds: each model's first image), then one campaign rebuilds all 20 on
 * {@link CampaignFleet#CAMPAIGN_BASE}; prints the campaign's wall time, per-model build and probe times (p50, p95,
 * max) of the campaign and of the releases, and the ratio of a campaign rebuild to the model's cold build.
 * Asserts only that every row passed, so the figures are of a campaign that did its work.
 *
 * <p>{@code ./mvnw -pl deploy/local/launcher test -Pbench -Dtest=CampaignBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class CampaignBenchmark {

    private static final int MODELS = 20;
    private static final PrintStream out = System.out;

    @TempDir
    Path state;

    @Test
    void aCampaignOverTwentyModels() throws Exception {
        Infra.requireDocker();
        CampaignFleet.ensureCampaignBase(state);
        LocalChainConfig config = LocalInfrastructureTest.onFreePorts(state);
        GitCli git = new GitCli(state.resolve("home"));
        SampleGitOps gitops = SampleGitOps.open(config.repos(), git);
        List<CampaignFleet.FleetModel> models = CampaignFleet.passingModels("bench", MODELS);
        List<String> names = models.stream().map(CampaignFleet.FleetModel::name).toList();
        try (LocalChain chain = LocalChain.start(config, out);
             ReleaseWatcher watcher = new ReleaseWatcher(chain.bootstrapServers(), out)) {
            CampaignFleet fleet = CampaignFleet.open(config.projectRoot(), config.repos(), config.wheelhouse(),
                    chain.bootstrapServers(), git, gitops, models);
            List<ReleaseWatcher.Track> tracks = names.stream().map(m -> watcher.follow(m + "@" + CampaignFleet.VERSION)).toList();
            long t0 = System.nanoTime();
            tracks.forEach(ReleaseWatcher.Track::pushedNow);
            fleet.releaseUnreleased();
            List<Long> releaseBuilds = new ArrayList<>();
            List<Long> releaseProbes = new ArrayList<>();
            for (ReleaseWatcher.Track track : tracks) {
                assertThat(track.awaitEnd(Duration.ofMinutes(20))).as(track.releaseId()).isTrue();
                assertThat(track.succeeded()).as(track.releaseId()).isTrue();
                releaseBuilds.add(track.timing().buildMillis());
                releaseProbes.add(track.timing().probeMillis());
            }
            long releasesWall = (System.nanoTime() - t0) / 1_000_000;

            CampaignClient campaigns = new CampaignClient(chain.baseUrl(Service.ENV_MIGRATOR));
            t0 = System.nanoTime();
            String id = campaigns.start("bench 20 models", CampaignFleet.CAMPAIGN_BASE, CampaignFleet.PLATFORM_PACKAGE, names);
            JsonNode done = campaigns.await(id, CampaignClient::finished, Duration.ofMinutes(30));
            long campaignWall = (System.nanoTime() - t0) / 1_000_000;
            assertThat(done.path("counts").path("passed").asInt()).as(done.toString()).isEqualTo(MODELS);

            Map<String, Long> rebuild = stageMillis(chain, id, names, "image-builder");
            Map<String, Long> probe = stageMillis(chain, id, names, "env-migrator");
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                ratios.add(rebuild.get(names.get(i)) / (double) Math.max(1, releaseBuilds.get(i)));
            }
            out.printf("%ncampaign benchmark, %d models:%n", MODELS);
            out.printf("  releases on today's platform, all at once: %,d ms wall; cold build %s; probe %s%n", releasesWall,
                    stats(releaseBuilds), stats(releaseProbes));
            out.printf("  campaign (POST to last row): %,d ms wall; rebuild %s; probe %s%n", campaignWall,
                    stats(new ArrayList<>(rebuild.values())), stats(new ArrayList<>(probe.values())));
            ratios.sort(Double::compare);
            out.printf("  campaign rebuild / cold build of the same model: p50 %.2f, min %.2f, max %.2f%n",
                    ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1));
            out.println("  per model (cold build ms, rebuild ms, probe ms): " + names.stream()
                    .map(m -> m + " " + releaseBuilds.get(names.indexOf(m)) + "/" + rebuild.get(m) + "/" + probe.get(m))
                    .collect(Collectors.joining(", ")));
        } finally {
            for (String model : names) {
                Processes.run(state, Duration.ofMinutes(1), "sh", "-c", "docker images -q '" + model + "' | sort -u | xargs -r docker rmi -f");
            }
        }
    }

    /** Each campaign rebuild's own time in {@code stage}, from its final {@code release.status}. */
    private static Map<String, Long> stageMillis(LocalChain chain, String campaignId, List<String> models, String stage) {
        try (KafkaTestClient kafka = new KafkaTestClient(chain.bootstrapServers())) {
            Map<String, Long> millis = new java.util.TreeMap<>();
            for (ReleaseStatus s : kafka.readEvents(ReleaseStatus.class, Topics.RELEASE_STATUS,
                    s -> stage.equals(s.stage()) && s.state() != ReleaseStatus.State.started
                            && Campaign.parse(s.release().releaseId()).map(c -> c.campaignId().equals(campaignId)).orElse(false),
                    models.size(), Duration.ofSeconds(30))) {
                millis.put(s.release().model(), s.millis());
            }
            return millis;
        }
    }

    private static String stats(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return String.format("p50 %,d ms, p95 %,d ms, max %,d ms", sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)), sorted.get(sorted.size() - 1));
    }
}
