package dev.relay.env.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import dev.relay.env.core.EnvState;
import dev.relay.env.core.EnvironmentRecord;
import dev.relay.events.Check;
import dev.relay.events.EnvDiff;
import dev.relay.events.EventCodec;
import dev.relay.events.Environment;
import dev.relay.events.ImageBuilt;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.events.PackageChange;
import dev.relay.testkit.MongoServerResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store against a MongoDB wire-protocol server through the official driver. */
class MongoEnvironmentHistoryTest {

    MongoServer server;
    MongoClient client;
    MongoEnvironmentHistory history;

    @BeforeEach
    void start() {
        server = MongoServerResource.startServer();
        client = MongoClients.create(MongoServerResource.connectionString(server));
        history = new MongoEnvironmentHistory(client, "relay", "environments", new EventCodec().mapper());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    static EnvironmentRecord record(String version, int second, EnvironmentRecord.Failure failure) {
        return record(version, second, failure, null);
    }

    static EnvironmentRecord record(String version, int second, EnvironmentRecord.Failure failure, ImageBuilt built) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second);
        EnvDiff diff = new EnvDiff(List.of(new PackageChange("extra", null, "0.1", false)), List.of(), List.of(),
                List.of(new PackageChange("old", "2.0", "1.0", true)), null);
        return new EnvironmentRecord("hello@" + version, "hello", version, "hello:" + version, "sha256:" + version,
                failure == null ? new Environment("3.11.2", Map.of("promote", "1.10", "tiny-dep", "2.0.0")) : null,
                List.of(new Check("requirements", failure == null, "detail")), diff, null,
                failure == null ? EnvState.qa : EnvState.failed, failure, null, at, null, null, at, built);
    }

    @Test
    void roundTripsAndNeverStoresAReleaseTwice() {
        EnvironmentRecord r = record("v1", 1, null);
        assertThat(history.insert(r)).isTrue();
        assertThat(history.insert(record("v1", 5, null))).isFalse();
        assertThat(history.find("hello@v1")).contains(r);
        EnvironmentRecord failed = record("v2", 2, new EnvironmentRecord.Failure("env-mismatch", "1 of 1 failed", "FAILED x"));
        history.insert(failed);
        assertThat(history.find("hello@v2")).contains(failed);
    }

    @Test
    void historyIsNewestFirstAndCurrentMoves() {
        history.insert(record("v1", 1, null));
        history.insert(record("v2", 2, null));
        history.insert(record("v3", 3, new EnvironmentRecord.Failure("no-python", "no python", null)));
        assertThat(history.history("hello")).extracting(EnvironmentRecord::releaseId)
                .containsExactly("hello@v3", "hello@v2", "hello@v1");
        assertThat(history.latestPassed("hello").orElseThrow().releaseId()).isEqualTo("hello@v2");
        assertThat(history.current("hello")).isEmpty();

        Instant t = Instant.parse("2026-02-01T00:00:00Z");
        history.makeCurrent("hello@v1", null, t);
        history.retireCurrent("hello", "hello@v2", t.plusSeconds(1));
        history.makeCurrent("hello@v2", "hello@v1", t.plusSeconds(1));
        EnvironmentRecord current = history.current("hello").orElseThrow();
        assertThat(current.releaseId()).isEqualTo("hello@v2");
        assertThat(current.previous()).isEqualTo("hello@v1");
        assertThat(current.currentSince()).isEqualTo(t.plusSeconds(1));
        EnvironmentRecord retired = history.find("hello@v1").orElseThrow();
        assertThat(retired.state()).isEqualTo(EnvState.retired);
        assertThat(retired.retiredAt()).isEqualTo(t.plusSeconds(1));
        assertThat(history.history("hello")).hasSize(3);
        assertThat(history.history("other")).isEmpty();
    }

    @Test
    void keepsTheVerifiedImageBuiltAsTheContractsEvent() {
        ImageBuilt golden = GoldenEvents.event(ImageBuilt.class);
        EnvironmentRecord r = record("v1", 1, null, golden);
        history.insert(r);
        EnvironmentRecord back = history.find("hello@v1").orElseThrow();
        assertThat(back.imageBuilt()).isEqualTo(golden);
        assertThat(back.imageBuilt().modelConfig().verify()).containsExactly("python -c 'import promote'");
        assertThat(back).isEqualTo(r);
    }

    @Test
    void aRolledBackEnvironmentIsStoredAsSuchRetiredOnceAndReadBack() {
        history.insert(record("v1", 1, null));
        history.insert(record("v2", 2, null));
        history.insert(record("v3", 3, null));
        Instant t = Instant.parse("2026-02-01T00:00:00Z");
        history.makeCurrent("hello@v2", null, t);
        history.retireCurrent("hello", "hello@v2", t);
        history.makeCurrent("hello@v3", "hello@v2", t.plusSeconds(1));
        history.retireCurrent("hello", "hello@v3", t.plusSeconds(1));

        // The rollback to v1: promoted first, then v3 (current) and v2 (retired) marked.
        history.makeCurrent("hello@v1", null, t.plusSeconds(2));
        history.markRolledBack("hello@v3", t.plusSeconds(2));
        history.markRolledBack("hello@v2", t.plusSeconds(2));
        history.markRolledBack("hello@v3", t.plusSeconds(9));

        EnvironmentRecord v3 = history.find("hello@v3").orElseThrow();
        assertThat(v3.state()).isEqualTo(EnvState.rolledBack);
        assertThat(v3.retiredAt()).as("current until the rollback").isEqualTo(t.plusSeconds(2));
        assertThat(v3.updatedAt()).as("a second mark changes nothing").isEqualTo(t.plusSeconds(2));
        EnvironmentRecord v2 = history.find("hello@v2").orElseThrow();
        assertThat(v2.state()).isEqualTo(EnvState.rolledBack);
        assertThat(v2.retiredAt()).as("kept from its retirement").isEqualTo(t.plusSeconds(1));
        assertThat(v2.passed()).isTrue();
        assertThat(history.current("hello").map(EnvironmentRecord::releaseId)).hasValue("hello@v1");
        assertThat(history.latestPassed("hello").map(EnvironmentRecord::releaseId)).hasValue("hello@v3");
        assertThat(client.getDatabase("relay").getCollection("environments").find(new org.bson.Document("_id", "hello@v3"))
                .first().getString("state")).isEqualTo("rolledBack");
    }
}
