package dev.relay.env.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.env.core.Cutover;
import dev.relay.env.core.EnvState;
import dev.relay.env.core.FakeProbe;
import dev.relay.env.core.InMemoryHistory;
import dev.relay.env.core.VerifyStage;
import dev.relay.events.Campaign;
import dev.relay.events.GitOps;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.ModelConfig;
import dev.relay.events.RebuildRequested;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.RolloutRequested;
import dev.relay.events.StageEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A campaign over four models, one passing and one failing for each kind of reason, through cutover and rollback. */
class CampaignFlowTest {

    static final String REPO = "https://git.example.com/models/m.git";
    static final String BASE = "relay/python-base:3.13";

    final FakeProbe probe = new FakeProbe();
    final InMemoryHistory history = new InMemoryHistory();
    final Map<String, ModelConfig> configs = new HashMap<>();
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { now = now.plusSeconds(1); return now; }
    };
    final VerifyStage verify = new VerifyStage(probe, (repo, commit) -> configs.getOrDefault(commit, ModelConfig.ABSENT), history, clock);
    final Cutover cutover = new Cutover(history, clock);
    final InMemoryCampaignStore store = new InMemoryCampaignStore();
    final Map<String, ModelMark> marked = new HashMap<>();
    final ModelMarks marks = new ModelMarks() {
        @Override public ModelMark get(String model) { return marked.getOrDefault(model, ModelMark.replicate); }
        @Override public void set(String model, ModelMark mark, Instant at) { marked.put(model, mark); }
        @Override public Map<String, ModelMark> all() { return marked; }
    };
    final List<RelayEvent> published = new ArrayList<>();
    final Campaigns campaigns = new Campaigns(store, history, marks, published::add, clock, () -> "abc123");
    final CampaignOutcomes outcomes = new CampaignOutcomes(store, verify, history, cutover, new StageEvents(VerifyStage.STAGE),
            published::add, clock);

    static String commit(String model) {
        return (model.charAt(0) + "").repeat(40).replaceAll("[^0-9a-f]", "a");
    }

    @BeforeEach
    void fourModelsRunV1() {
        for (String model : List.of("alpha", "bravo", "charlie", "delta", "echo")) {
            Release r = Release.of(model, "v1", REPO.replace("/m.git", "/" + model + ".git"), commit(model), "dev", now);
            probe.images.put(model + ":v1", Map.of("promote", "1.10", "numpy", "1.26.4"));
            verify.run(new ImageBuilt(r, new Image(model + ":v1", "sha256:1", null, 1, "relay/python-base:3.11"),
                    Map.of("promote", "1.10", "numpy", "1.26.4"), 1.0, ModelConfig.ABSENT));
            assertThat(cutover.promote(model + "@v1")).isEqualTo(Cutover.Outcome.promoted);
        }
        marks.set("echo", ModelMark.retire, now);
    }

    CampaignRecord campaign() {
        return store.find("py-3-13-abc123").orElseThrow();
    }

    CampaignRow row(String model) {
        return campaign().row(model).orElseThrow();
    }

    ImageBuilt rebuilt(RebuildRequested req, Map<String, String> installed, Map<String, String> pins, ModelConfig config) {
        String model = req.release().model();
        String ref = model + ":v1-" + req.campaign().campaignId();
        probe.images.put(ref, installed);
        return new ImageBuilt(req.release(), new Image(ref, "sha256:2", null, 2, BASE), pins, 3.0, config, req.campaign());
    }

    @Test
    void rebuildsEveryReplicatedModelReportsEachFailureByCauseCutsOverThePassedOneAndRollsItBack() {
        CampaignRecord started = campaigns.start(new Campaigns.Request("Py 3.13", BASE, "promote==2.0", null));
        assertThat(started.campaignId()).isEqualTo("py-3-13-abc123");
        assertThat(started.state()).isEqualTo(CampaignState.running);
        List<RebuildRequested> requests = published.stream().filter(e -> e instanceof RebuildRequested).map(e -> (RebuildRequested) e).toList();
        assertThat(requests).extracting(r -> r.release().releaseId()).containsExactly("alpha@v1~campaign-py-3-13-abc123",
                "bravo@v1~campaign-py-3-13-abc123", "charlie@v1~campaign-py-3-13-abc123", "delta@v1~campaign-py-3-13-abc123");
        assertThat(requests.get(0).release().commit()).isEqualTo(commit("alpha"));
        assertThat(requests.get(0).campaign()).isEqualTo(new Campaign("py-3-13-abc123", "Py 3.13", BASE, "promote==2.0", Campaign.Step.rebuild));

        // A second campaign of a model still rebuilding is refused.
        assertThatThrownBy(() -> campaigns.start(new Campaigns.Request("again", BASE, null, List.of("bravo"))))
                .isInstanceOf(CampaignRefused.class).hasMessageContaining("bravo is already in running campaign py-3-13-abc123")
                .extracting(e -> ((CampaignRefused) e).kind()).isEqualTo(CampaignRefused.Kind.conflict);

        Map<String, String> good = Map.of("promote", "2.0", "numpy", "2.1.0");
        outcomes.imageBuilt(rebuilt(requests.get(0), good, Map.of("promote", "2.0", "numpy", "2.1.0"), ModelConfig.ABSENT));
        outcomes.imageBuilt(rebuilt(requests.get(1), Map.of("promote", "2.0", "numpy", "1.26.4"),
                Map.of("promote", "2.0", "numpy", "2.1.0"), ModelConfig.ABSENT));
        configs.put(commit("charlie"), new ModelConfig(true, "charlie", null, null, List.of("python -c 'import fail'"), false, null));
        outcomes.imageBuilt(rebuilt(requests.get(2), good, Map.of("promote", "2.0", "numpy", "2.1.0"), null));
        outcomes.failed(new ReleaseFailed(requests.get(3).release(), "image-builder", "build-failed", "pip install failed",
                "Step 5/7 : RUN pip install\nERROR: Could not find a version that satisfies the requirement numpy==1.21.0\n"
                        + "ERROR: No matching distribution found for numpy==1.21.0"));

        CampaignRecord c = campaign();
        assertThat(c.state()).isEqualTo(CampaignState.finished);
        assertThat(c.counts()).isEqualTo(new CampaignRecord.Counts(4, 1, 3, 0));
        assertThat(row("alpha").result()).isEqualTo(CampaignRow.Result.passed);
        assertThat(row("alpha").diff().text()).isEqualTo("upgraded 2 (numpy 1.26.4→2.1.0, promote 1.10→2.0)");
        assertThat(row("alpha").pythonFrom()).isEqualTo("3.11.2");
        assertThat(row("bravo")).extracting(CampaignRow::stage, CampaignRow::check, CampaignRow::reason, CampaignRow::cause)
                .containsExactly("env-migrator", "requirements", "env-mismatch", "pin mismatch: numpy");
        assertThat(row("charlie")).extracting(CampaignRow::check, CampaignRow::cause)
                .containsExactly("verify[0]", "verify: python -c 'import fail'");
        assertThat(row("delta")).extracting(CampaignRow::stage, CampaignRow::reason, CampaignRow::cause)
                .containsExactly("image-builder", "build-failed", "unavailable: numpy");
        assertThat(row("delta").logTail()).endsWith("No matching distribution found for numpy==1.21.0");
        // Nothing that runs changed: every model's v1 is still current, and no env.verified went out.
        assertThat(history.current("alpha").orElseThrow().releaseId()).isEqualTo("alpha@v1");
        assertThat(published).noneMatch(e -> e.type() == dev.relay.events.EventType.ENV_VERIFIED);
        assertThat(published).filteredOn(e -> e instanceof ReleaseFailed).extracting(e -> e.release().model())
                .containsExactly("bravo", "charlie");

        String csv = CampaignReport.csv(c);
        assertThat(csv.split("\r\n")[0]).startsWith("model,release,result,cause,stage,check");
        assertThat(csv.split("\r\n")[1]).startsWith("bravo,bravo@v1,failed,pin mismatch: numpy,env-migrator,requirements,");
        assertThat(csv.split("\r\n")[4]).startsWith("alpha,alpha@v1,passed,");
        assertThat(CampaignReport.markdown(c)).contains("| unavailable: numpy | delta | 1 |");

        // Re-delivery of every campaign event changes nothing and probes nothing.
        int probes = probe.probes;
        CampaignRecord before = campaign();
        outcomes.imageBuilt(rebuilt(requests.get(0), good, Map.of("promote", "2.0", "numpy", "2.1.0"), ModelConfig.ABSENT));
        outcomes.imageBuilt(rebuilt(requests.get(1), good, Map.of("promote", "2.0", "numpy", "2.1.0"), ModelConfig.ABSENT));
        outcomes.failed(new ReleaseFailed(requests.get(1).release(), "env-migrator", "env-mismatch", "again", null));
        assertThat(probe.probes).isEqualTo(probes);
        assertThat(campaign().rows()).extracting(CampaignRow::result, CampaignRow::cause)
                .isEqualTo(before.rows().stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.result(), r.cause())).toList());

        published.clear();
        List<ModelOutcome> cut = campaigns.cutover("py-3-13-abc123", null);
        assertThat(cut).extracting(ModelOutcome::model, ModelOutcome::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alpha", "requested"), org.assertj.core.groups.Tuple.tuple("bravo", "skipped"),
                org.assertj.core.groups.Tuple.tuple("charlie", "skipped"), org.assertj.core.groups.Tuple.tuple("delta", "skipped"));
        RolloutRequested rollout = (RolloutRequested) published.get(0);
        assertThat(published).hasSize(1);
        assertThat(rollout.release().releaseId()).isEqualTo("alpha@v1~campaign-py-3-13-abc123.cutover");
        assertThat(rollout.image().ref()).isEqualTo("alpha:v1-py-3-13-abc123");
        assertThat(rollout.campaign().step()).isEqualTo(Campaign.Step.cutover);
        assertThat(campaign().state()).isEqualTo(CampaignState.cutOver);

        GitOpsUpdated deployed = new GitOpsUpdated(rollout.release(), rollout.image(), gitops(), null, rollout.campaign());
        outcomes.rolledOut(deployed);
        outcomes.rolledOut(deployed);
        assertThat(history.current("alpha").orElseThrow().releaseId()).isEqualTo("alpha@v1~campaign-py-3-13-abc123");
        assertThat(history.find("alpha@v1").orElseThrow().state()).isEqualTo(EnvState.retired);
        assertThat(row("alpha").rollout()).isEqualTo(CampaignRow.Rollout.cutOver);
        assertThat(history.current("bravo").orElseThrow().releaseId()).isEqualTo("bravo@v1");
        assertThat(campaigns.cutover("py-3-13-abc123", List.of("alpha"))).extracting(ModelOutcome::outcome).containsExactly("unchanged");

        published.clear();
        List<ModelOutcome> back = campaigns.rollback("py-3-13-abc123");
        assertThat(back).extracting(ModelOutcome::outcome).containsExactly("requested", "skipped", "skipped", "skipped");
        RolloutRequested undo = (RolloutRequested) published.get(0);
        assertThat(undo.image().ref()).isEqualTo("alpha:v1");
        assertThat(undo.release().releaseId()).isEqualTo("alpha@v1~campaign-py-3-13-abc123.rollback");
        outcomes.rolledOut(new GitOpsUpdated(undo.release(), undo.image(), gitops(), null, undo.campaign()));
        // The cutover's record re-delivered after the rollback does not undo it.
        outcomes.rolledOut(deployed);
        assertThat(history.current("alpha").orElseThrow().releaseId()).isEqualTo("alpha@v1");
        assertThat(row("alpha").rollout()).isEqualTo(CampaignRow.Rollout.rolledBack);
        assertThat(campaign().state()).isEqualTo(CampaignState.rolledBack);
        assertThat(campaigns.rollback("py-3-13-abc123")).extracting(ModelOutcome::outcome).first().isEqualTo("unchanged");
    }

    @Test
    void refusesUnknownRetiredAndEmptySelectionsNamingTheModel() {
        assertThatThrownBy(() -> campaigns.start(new Campaigns.Request("x", BASE, null, List.of("alpha", "nope"))))
                .isInstanceOf(CampaignRefused.class).hasMessageContaining("model nope does not exist")
                .extracting(e -> ((CampaignRefused) e).kind()).isEqualTo(CampaignRefused.Kind.invalid);
        assertThatThrownBy(() -> campaigns.start(new Campaigns.Request("x", BASE, null, List.of("echo"))))
                .hasMessageContaining("echo is marked 'retire'");
        assertThatThrownBy(() -> campaigns.start(new Campaigns.Request("x", BASE, null, List.of())))
                .hasMessage("no model selected");
        assertThat(store.list()).isEmpty();
        assertThat(published).isEmpty();
        assertThatThrownBy(() -> campaigns.cutover("missing", null)).extracting(e -> ((CampaignRefused) e).kind())
                .isEqualTo(CampaignRefused.Kind.notFound);
    }

    @Test
    void aModelReleasedSinceTheRebuildIsNotCutOver() {
        campaigns.start(new Campaigns.Request("Py 3.13", BASE, null, List.of("alpha")));
        RebuildRequested req = (RebuildRequested) published.get(0);
        outcomes.imageBuilt(rebuilt(req, Map.of("promote", "1.10", "numpy", "1.26.4"), Map.of("promote", "1.10"), ModelConfig.ABSENT));
        Release v2 = Release.of("alpha", "v2", REPO, commit("alpha"), "dev", now);
        probe.images.put("alpha:v2", Map.of("promote", "1.10"));
        verify.run(new ImageBuilt(v2, new Image("alpha:v2", "sha256:3", null, 1, "b"), Map.of("promote", "1.10"), 1, ModelConfig.ABSENT));
        cutover.promote("alpha@v2");
        assertThat(campaigns.cutover("py-3-13-abc123", null)).singleElement()
                .satisfies(o -> assertThat(o.message()).startsWith("stale: the model's current release is alpha@v2"));
    }

    static GitOps gitops() {
        return new GitOps("https://git.example.com/gitops.git", "main", "b".repeat(40), List.of("apps/x/deployment.yml"), "x:1", "x:2", false);
    }
}
