package dev.relay.modelinfo.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.relay.events.EnvVerified;
import dev.relay.events.ModelConfig;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.InMemoryStageResults;
import dev.relay.events.stage.StageRunner;
import dev.relay.modelinfo.support.InMemoryModelRepository;
import dev.relay.modelinfo.support.ModelRepo;
import dev.relay.modelinfo.support.MongoFixture;
import dev.relay.modelinfo.support.Runbook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stage on the contract's StageRunner, in plain JUnit: the port without git, MongoDB on the wire-protocol server. */
class MigrateStageTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private final MongoFixture mongo = new MongoFixture();
    private final InMemoryModelRepository repository = new InMemoryModelRepository();
    private final InMemoryStageResults results = new InMemoryStageResults();
    private final List<RelayEvent> published = new ArrayList<>();
    private final StageRunner<EnvVerified> runner = new StageRunner<>(new StageEvents(MigrateStage.STAGE),
            new MigrateStage(new MigrationReader(repository, new MigrationParser()), mongo.migrator(Duration.ofSeconds(1))),
            results, published::add);

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void aRetryableFailureIsNotRememberedSoARedeliveryRetriesAndTheNextIsReplayed() {
        mongo.modelinfo().insertMany(Runbook.documents("flaky-model", 0, 10));
        repository.file(COMMIT, "migrations/" + Runbook.FILE, Runbook.JSON)
                .failNext(new MigrationException(MigrationException.CHECKOUT_FAILED, "could not fetch"));
        EnvVerified event = ModelRepo.envVerified("flaky-model", "v1", "https://git.example/ml/flaky-model.git", COMMIT, null);

        List<RelayEvent> first = run(event);
        List<RelayEvent> second = run(event);
        List<RelayEvent> third = run(event);

        assertThat(states(first)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
        assertThat(first.get(1)).isInstanceOfSatisfying(ReleaseFailed.class, f -> {
            assertThat(f.reason()).isEqualTo("checkout-failed");
            assertThat(f.message()).isEqualTo("could not fetch");
            assertThat(f.stage()).isEqualTo("modelinfo-migrator");
        });
        assertThat(states(second)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(second.get(1)).isInstanceOfSatisfying(ModelInfoMigrated.class,
                m -> assertThat(m.migrations().applied()).containsExactly(Runbook.ID));
        // The replay: the same three events, the stored outcome in the middle, and nothing read or run again.
        assertThat(states(third)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.succeeded);
        assertThat(third.get(1)).isEqualTo(second.get(1));
        assertThat(repository.opened()).hasSize(2);
        assertThat(mongo.modelinfo().countDocuments(Filters.exists("baz"))).isEqualTo(10);
    }

    @Test
    void theModelConfigTravelsOnUnchangedAndNamesTheFolder() {
        repository.file(COMMIT, "db/mi/" + Runbook.FILE, Runbook.JSON);
        ModelConfig config = new ModelConfig(true, "cfg-model", "relay/python-base:3.11", ">=3.10", List.of("true"), false, "db/mi");
        EnvVerified event = ModelRepo.envVerified("cfg-model", "v1", "https://git.example/ml/cfg-model.git", COMMIT, config);

        ModelInfoMigrated out = (ModelInfoMigrated) runner.run(event);

        assertThat(out.modelConfig()).isEqualTo(config);
        assertThat(out.image()).isEqualTo(event.image());
        assertThat(out.release()).isEqualTo(event.release());
        assertThat(out.migrations().applied()).containsExactly(Runbook.ID);
        assertThat(out.migrations().irreversible()).isEmpty();
        assertThat(out.migrations().collection()).isEqualTo("modelinfo");
        assertThat(repository.opened()).extracting(CommitRef::tag).containsExactly("v1");

        EnvVerified older = ModelRepo.envVerified("cfg-model", "v2", "https://git.example/ml/cfg-model.git", COMMIT, null);
        assertThat(((ModelInfoMigrated) runner.run(older)).modelConfig()).isNull();
    }

    @Test
    void irreversibleNamesTheMigrationsThisReleaseAppliedThatHaveNoDown() {
        String oneWay = "{\"up\": [{\"updateMany\": {\"filter\": {\"w\": {\"$exists\": false}}, \"update\": {\"$set\": {\"w\": 1}}}}],"
                + " \"down\": []}";
        String v1 = "1111111111111111111111111111111111111111";
        repository.file(v1, "migrations/1600000000000_old-one-way.json", oneWay);
        runner.run(ModelRepo.envVerified("oneway-model", "v1", "https://git.example/ml/oneway-model.git", v1, null));
        String v2 = "2222222222222222222222222222222222222222";
        repository.file(v2, "migrations/1600000000000_old-one-way.json", oneWay)
                .file(v2, "migrations/" + Runbook.FILE, Runbook.JSON)
                .file(v2, "migrations/1700000000001_one-way.yaml", "up: []\ndown: []\n");

        ModelInfoMigrated out = (ModelInfoMigrated) runner.run(
                ModelRepo.envVerified("oneway-model", "v2", "https://git.example/ml/oneway-model.git", v2, null));

        assertThat(out.migrations().applied()).containsExactly(Runbook.ID, "1700000000001_one-way");
        assertThat(out.migrations().alreadyApplied()).containsExactly("1600000000000_old-one-way");
        // Of what this release applied: the one already applied before is v1's concern.
        assertThat(out.migrations().irreversible()).containsExactly("1700000000001_one-way");
    }

    @Test
    void anInvalidFileIsRememberedAndReplayedWithItsDetail() {
        repository.file(COMMIT, "migrations/1700000000001_js.json",
                "{\"up\": [{\"setComputed\": {\"fields\": {\"x\": {\"$function\": {}}}}}], \"down\": []}");
        EnvVerified event = ModelRepo.envVerified("bad-model", "v1", "https://git.example/ml/bad-model.git", COMMIT, null);

        List<RelayEvent> first = run(event);
        List<RelayEvent> again = run(event);

        ReleaseFailed failed = (ReleaseFailed) first.get(1);
        assertThat(failed.reason()).isEqualTo("migration-invalid");
        assertThat(failed.detail()).isEqualTo("migration: 1700000000001_js\noperation: up[0] setComputed");
        assertThat(states(again)).containsExactly(ReleaseStatus.State.started, ReleaseStatus.State.failed);
        assertThat(again.get(1)).isEqualTo(failed);
        assertThat(repository.opened()).hasSize(1);
    }

    @Test
    void anUnexpectedErrorIsAnInternalErrorWithoutItsTextAndIsTriedAgain() {
        repository.failNext(new IllegalStateException("cannot reach mongodb://relay:s3cret@db:27017"));
        EnvVerified event = ModelRepo.envVerified("odd-model", "v1", "https://git.example/ml/odd-model.git", COMMIT, null);

        ReleaseFailed failed = (ReleaseFailed) run(event).get(1);

        assertThat(failed.reason()).isEqualTo("internal-error");
        assertThat(failed.message()).contains("IllegalStateException").doesNotContain("s3cret").doesNotContain("mongodb://");
        assertThat(results.size()).isZero();
        assertThat(run(event).get(1)).isInstanceOf(ModelInfoMigrated.class);
    }

    @Test
    void onlyALockHeldElsewhereAndAnUnreachableRepositoryAreRetryable() {
        assertThat(new MigrationException(MigrationException.LOCKED, "m").retryable()).isTrue();
        assertThat(new MigrationException(MigrationException.CHECKOUT_FAILED, "m").retryable()).isTrue();
        for (String reason : List.of(MigrationException.INVALID, MigrationException.MODIFIED, MigrationException.FAILED,
                MigrationException.TAG_MOVED, MigrationException.UNKNOWN_TARGET)) {
            assertThat(new MigrationException(reason, "m").retryable()).as(reason).isFalse();
        }
    }

    private List<RelayEvent> run(EnvVerified event) {
        int from = published.size();
        runner.run(event);
        return List.copyOf(published.subList(from, published.size()));
    }

    private static List<ReleaseStatus.State> states(List<RelayEvent> events) {
        return events.stream().filter(ReleaseStatus.class::isInstance).map(e -> ((ReleaseStatus) e).state()).toList();
    }
}
