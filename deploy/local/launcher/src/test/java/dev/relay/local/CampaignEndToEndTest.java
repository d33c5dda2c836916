package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.events.Campaign;
import dev.relay.events.Topics;
import dev.relay.testkit.Infra;
import dev.relay.testkit.KafkaTestClient;
import dev.relay.testkit.Processes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform-upgrade campaign on real parts: the four services as their own processes, a Kafka broker process, the
 * Mongo wire-protocol server, the Docker engine and git repositories with the real hook. Seven models are released on
 * today's platform (Python 3.11), then rebuilt by one campaign on the next (Debian trixie's Python 3.13, promote 1.11):
 * two pass, five fail, each for the real reason {@link CampaignFleet} describes, and the report names it. The passed
 * ones are cut over in GitOps and rolled back; every campaign record delivered again changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CampaignEndToEndTest {

    private static final Duration CAMPAIGN_TIMEOUT = Duration.ofMinutes(10);
    private static final PrintStream out = System.out;

    @TempDir
    static Path state;
    private static LocalChain chain;
    private static ReleaseWatcher watcher;
    private static SampleGitOps gitops;
    private static CampaignClient campaigns;
    private static String campaignId;
    private static final Map<String, String> figures = new LinkedHashMap<>();

    @BeforeAll
    static void releaseTheFleetOnTodaysPlatform() throws IOException {
        Infra.requireDocker();
        Infra.requireCommand("git");
        long t0 = System.nanoTime();
        out.println("campaign base: " + CampaignFleet.ensureCampaignBase(state));
        LocalChainConfig config = LocalInfrastructureTest.onFreePorts(state);
        GitCli git = new GitCli(state.resolve("home"));
        gitops = SampleGitOps.open(config.repos(), git);
        chain = LocalChain.start(config, out);
        watcher = new ReleaseWatcher(chain.bootstrapServers(), out);
        campaigns = new CampaignClient(chain.baseUrl(Service.ENV_MIGRATOR));
        CampaignFleet fleet = CampaignFleet.open(config.projectRoot(), config.repos(), config.wheelhouse(),
                chain.bootstrapServers(), git, gitops);

        List<ReleaseWatcher.Track> tracks = new ArrayList<>();
        for (String model : CampaignFleet.names()) {
            ReleaseWatcher.Track track = watcher.follow(model + "@" + CampaignFleet.VERSION);
            track.pushedNow();
            tracks.add(track);
        }
        assertThat(fleet.releaseUnreleased()).hasSize(CampaignFleet.MODELS.size());
        for (ReleaseWatcher.Track track : tracks) {
            assertThat(track.awaitEnd(Duration.ofMinutes(8))).as(track.releaseId() + " finished; events: " + track.events()).isTrue();
            assertThat(track.succeeded()).as(track.releaseId() + " on today's platform: " + track.events()).isTrue();
        }
        figures.put("7 releases on today's platform (chain start included)", (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterAll
    static void stopTheChain() {
        if (watcher != null) {
            watcher.close();
        }
        if (chain != null) {
            chain.close();
        }
        // The model images this test built (release and campaign tags); both base images stay.
        for (String model : CampaignFleet.names()) {
            Processes.run(state, Duration.ofMinutes(1), "sh", "-c", "docker images -q '" + model + "' | sort -u | xargs -r docker rmi -f");
        }
        out.println("campaign end-to-end figures:\n  " + String.join("\n  ", figures.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).toList()));
    }

    @Test
    @Order(1)
    void aCampaignRebuildsEveryModelOnTheNewPlatformAndReportsEveryFailureByItsCause() throws Exception {
        long commitsBefore = gitops.commitCount();
        long t0 = System.nanoTime();

        campaignId = campaigns.start("Python 3.13 on trixie", CampaignFleet.CAMPAIGN_BASE, CampaignFleet.PLATFORM_PACKAGE,
                CampaignFleet.names());
        JsonNode done = campaigns.await(campaignId, CampaignClient::finished, CAMPAIGN_TIMEOUT);
        figures.put("campaign over 7 models, start to last row", (System.nanoTime() - t0) / 1_000_000 + " ms");

        assertThat(done.path("state").asText()).isEqualTo("finished");
        assertThat(done.path("counts").path("total").asInt()).isEqualTo(7);
        assertThat(done.path("counts").path("passed").asInt()).isEqualTo(2);
        assertThat(done.path("counts").path("failed").asInt()).isEqualTo(5);
        Map<String, JsonNode> rows = rows(done);
        for (CampaignFleet.FleetModel m : CampaignFleet.MODELS) {
            JsonNode row = rows.get(m.name());
            assertThat(row).as(m.name()).isNotNull();
            // The row names the release it rebuilt; the campaign's events carry the campaign's own id for it.
            assertThat(row.path("release").path("releaseId").asText()).isEqualTo(m.name() + "@" + CampaignFleet.VERSION);
            assertThat(row.path("fromImage").path("ref").asText()).isEqualTo(m.name() + ":" + CampaignFleet.VERSION);
            assertThat(row.path("pythonFrom").asText()).as(m.name()).startsWith("3.11.");
            if (m.passes()) {
                assertThat(row.path("result").asText()).as(m.name() + ": " + row).isEqualTo("passed");
                assertThat(row.path("pythonTo").asText()).as(m.name()).startsWith("3.13.");
                assertThat(row.path("campaignImage").path("ref").asText())
                        .isEqualTo(m.name() + ":" + CampaignFleet.VERSION + "-" + campaignId);
                // promote 1.10 -> 1.11, and the platform's bundled hello-utils appears.
                assertThat(row.path("diff").path("text").asText()).as(m.name()).contains("promote").contains("1.11");
            } else {
                assertThat(row.path("result").asText()).as(m.name() + ": " + row).isEqualTo("failed");
                assertThat(row.path("cause").asText()).as(m.name() + ": " + row).isEqualTo(m.expectedCause());
                assertThat(row.path("message").asText()).as(m.name()).isNotBlank();
            }
        }
        assertThat(rows.get("legacy-nlp").path("stage").asText()).isEqualTo("image-builder");
        assertThat(rows.get("legacy-nlp").path("logTail").asText()).contains("requires a different Python");
        assertThat(rows.get("plugin-host").path("stage").asText()).isEqualTo("image-builder");
        assertThat(rows.get("text-utils").path("stage").asText()).isEqualTo("env-migrator");
        assertThat(rows.get("text-utils").path("message").asText() + rows.get("text-utils").path("logTail").asText())
                .contains("hello-utils").contains("1.2.0").contains("0.9.0");
        assertThat(rows.get("hooked-model").path("check").asText()).isEqualTo("pip-check");
        assertThat(rows.get("vision-legacy").path("check").asText()).startsWith("verify");
        assertThat(rows.get("vision-legacy").path("logTail").asText()).contains("imp");

        String markdown = campaigns.report(campaignId, "md");
        assertThat(markdown).contains("Failures by cause");
        for (CampaignFleet.FleetModel m : CampaignFleet.MODELS) {
            assertThat(markdown).contains(m.name());
            if (!m.passes()) {
                assertThat(markdown).contains(m.expectedCause().replace("|", "\\|"));
            }
        }
        String csv = campaigns.report(campaignId, "csv");
        assertThat(csv).startsWith("model,release,result,cause,stage,check,reason,message,");
        for (CampaignFleet.FleetModel m : CampaignFleet.MODELS) {
            // A row starts a line (log tails span lines, quoted): model, release, result, cause.
            assertThat(csv).contains("\n" + m.name() + "," + m.name() + "@" + CampaignFleet.VERSION + ","
                    + (m.passes() ? "passed," : "failed," + csvField(m.expectedCause()) + ","));
        }
        out.println("campaign report:\n" + markdown);

        // Nothing that runs changed: no GitOps commit, every model's current environment is still its release.
        assertThat(gitops.commitCount()).isEqualTo(commitsBefore);
        for (String model : CampaignFleet.names()) {
            assertThat(currentReleaseId(model)).isEqualTo(model + "@" + CampaignFleet.VERSION);
            assertThat(gitops.fileAt("main", SampleGitOps.fileOf(model))).contains("\"" + model + ":" + CampaignFleet.VERSION + "\"");
        }
    }

    @Test
    @Order(2)
    void cutoverMovesOnlyThePassedModelsAndRollbackMovesThemBack() throws Exception {
        long commitsBefore = gitops.commitCount();
        long t0 = System.nanoTime();

        JsonNode cutover = campaigns.cutover(campaignId);
        Map<String, String> outcomes = outcomes(cutover);
        for (CampaignFleet.FleetModel m : CampaignFleet.MODELS) {
            assertThat(outcomes.get(m.name())).as(m.name() + ": " + cutover).isEqualTo(m.passes() ? "requested" : "skipped");
        }
        JsonNode cutOver = campaigns.await(campaignId, c -> c.path("state").asText().equals("cut-over") && CampaignClient.settled(c),
                CAMPAIGN_TIMEOUT);
        figures.put("cutover of 2 models", (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(gitops.commitCount()).as("one GitOps commit per passed model").isEqualTo(commitsBefore + 2);
        for (CampaignFleet.FleetModel m : CampaignFleet.MODELS) {
            JsonNode row = rows(cutOver).get(m.name());
            String file = gitops.fileAt("main", SampleGitOps.fileOf(m.name()));
            if (m.passes()) {
                assertThat(row.path("rollout").asText()).isEqualTo("cut-over");
                assertThat(file).contains("\"" + m.name() + ":" + CampaignFleet.VERSION + "-" + campaignId + "\"");
                assertThat(currentReleaseId(m.name())).isEqualTo(
                        Campaign.releaseIdOf(m.name(), CampaignFleet.VERSION, campaignId, Campaign.Step.rebuild));
            } else {
                assertThat(row.path("rollout").asText()).isEqualTo("none");
                assertThat(file).contains("\"" + m.name() + ":" + CampaignFleet.VERSION + "\"");
                assertThat(currentReleaseId(m.name())).isEqualTo(m.name() + "@" + CampaignFleet.VERSION);
            }
        }
        // Asked again, cutover changes nothing.
        assertThat(outcomes(campaigns.cutover(campaignId)).values()).doesNotContain("requested");

        t0 = System.nanoTime();
        Map<String, String> back = outcomes(campaigns.rollback(campaignId));
        for (String model : CampaignFleet.passing()) {
            assertThat(back.get(model)).as(model).isEqualTo("requested");
        }
        JsonNode rolledBack = campaigns.await(campaignId,
                c -> c.path("state").asText().equals("rolled-back") && CampaignClient.settled(c), CAMPAIGN_TIMEOUT);
        figures.put("rollback of 2 models", (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(gitops.commitCount()).isEqualTo(commitsBefore + 4);
        for (CampaignFleet.FleetModel m : CampaignFleet.MODELS) {
            assertThat(gitops.fileAt("main", SampleGitOps.fileOf(m.name())))
                    .isEqualTo(SampleGitOps.deployment(m.name()).replace(m.name() + ":v0.0.0", m.name() + ":" + CampaignFleet.VERSION));
            assertThat(currentReleaseId(m.name())).isEqualTo(m.name() + "@" + CampaignFleet.VERSION);
            if (m.passes()) {
                assertThat(rows(rolledBack).get(m.name()).path("rollout").asText()).isEqualTo("rolled-back");
            }
        }
        assertThat(gitops.show("main")).contains("Relay-Campaign-Id: " + campaignId);
        assertThat(outcomes(campaigns.rollback(campaignId)).values()).doesNotContain("requested");
    }

    @Test
    @Order(3)
    void everyCampaignRecordDeliveredAgainChangesNothing() throws Exception {
        long commitsBefore = gitops.commitCount();
        JsonNode before = campaigns.campaign(campaignId);
        Map<String, Integer> resent = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        try (KafkaTestClient kafka = new KafkaTestClient(chain.bootstrapServers())) {
            // Everything read before anything is sent: a replay publishes its outcome again, which must not count.
            List<Map.Entry<String, ConsumerRecord<String, String>>> campaignRecords = new ArrayList<>();
            for (String topic : List.of(Topics.REBUILD_REQUESTED, Topics.IMAGE_BUILT, Topics.ROLLOUT_REQUESTED, Topics.GITOPS_UPDATED,
                    Topics.RELEASE_FAILED)) {
                for (ConsumerRecord<String, String> r : TopicContents.readAll(chain.bootstrapServers(), topic, Duration.ofSeconds(10))) {
                    if (r.value() != null && r.value().contains(campaignId)) {
                        campaignRecords.add(Map.entry(topic, r));
                        resent.merge(topic, 1, Integer::sum);
                        seen.add(topic + " " + r.key() + " " + r.value().substring(0, Math.min(300, r.value().length())));
                    }
                }
            }
            for (Map.Entry<String, ConsumerRecord<String, String>> e : campaignRecords) {
                kafka.send(e.getKey(), e.getValue().key(), e.getValue().value(), KafkaTestClient.headers(e.getValue()));
            }
        }
        // 7 rebuild requests, 5 images built (two builds failed), 5 failures, 4 rollouts and their 4 GitOps updates.
        assertThat(resent).as(String.join("\n", seen)).isEqualTo(Map.of(Topics.REBUILD_REQUESTED, 7, Topics.IMAGE_BUILT, 5, Topics.RELEASE_FAILED, 5,
                Topics.ROLLOUT_REQUESTED, 4, Topics.GITOPS_UPDATED, 4));
        // The re-delivered rebuilds are replayed, not rebuilt, so this is enough for all of them to go through.
        Thread.sleep(20_000);

        JsonNode after = campaigns.campaign(campaignId);
        assertThat(gitops.commitCount()).isEqualTo(commitsBefore);
        assertThat(after.path("state").asText()).isEqualTo("rolled-back");
        assertThat(after.path("counts")).isEqualTo(before.path("counts"));
        Map<String, JsonNode> rowsBefore = rows(before);
        for (Map.Entry<String, JsonNode> row : rows(after).entrySet()) {
            for (String field : List.of("result", "cause", "stage", "check", "rollout", "campaignImage", "pythonTo")) {
                assertThat(row.getValue().path(field)).as(row.getKey() + "." + field).isEqualTo(rowsBefore.get(row.getKey()).path(field));
            }
        }
        for (String model : CampaignFleet.names()) {
            assertThat(currentReleaseId(model)).isEqualTo(model + "@" + CampaignFleet.VERSION);
        }
    }

    private static String csvField(String value) {
        return value.contains("\"") || value.contains(",") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String currentReleaseId(String model) {
        return campaigns.get("/environments/" + model + "/current").path("releaseId").asText();
    }

    private static Map<String, JsonNode> rows(JsonNode campaign) {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        campaign.path("rows").forEach(r -> rows.put(r.path("model").asText(), r));
        return rows;
    }

    private static Map<String, String> outcomes(JsonNode answer) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        answer.path("models").forEach(m -> outcomes.put(m.path("model").asText(), m.path("outcome").asText()));
        return outcomes;
    }
}
