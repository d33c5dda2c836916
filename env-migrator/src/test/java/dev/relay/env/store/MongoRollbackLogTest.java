package dev.relay.env.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import dev.relay.events.EventCodec;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseRolledBack;
import dev.relay.events.StageEvents;
import dev.relay.events.golden.GoldenEvents;
import dev.relay.testkit.MongoServerResource;
import java.time.Clock;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rollback outcomes against a MongoDB wire-protocol server through the official driver. */
class MongoRollbackLogTest {

    static final String ID = "hello-model@v0.0.10~rollback-2f4c9a1e";

    MongoServer server;
    MongoClient client;
    MongoRollbackLog log;
    final EventCodec codec = new EventCodec();

    @BeforeEach
    void start() {
        server = MongoServerResource.startServer();
        client = MongoClients.create(MongoServerResource.connectionString(server));
        log = new MongoRollbackLog(client, "relay", "rollbacks", codec, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aStoredOutcomeReadsBackAsTheSameEventByRollbackId() {
        ReleaseRolledBack golden = GoldenEvents.event(ReleaseRolledBack.class);
        assertThat(log.find(ID)).isEmpty();

        log.save(ID, golden);

        assertThat(log.find(ID)).hasValue(golden);
        assertThat(codec.encodeToString(log.find(ID).orElseThrow())).isEqualTo(codec.encodeToString(golden));
        assertThat(log.begun(ID)).isEmpty();
        Document d = client.getDatabase("relay").getCollection("rollbacks").find(new Document("_id", ID)).first();
        assertThat(d.getString("state")).isEqualTo("done");
        assertThat(d.getString("type")).isEqualTo("release.rolledback");
        assertThat(d.getString("model")).isEqualTo("hello-model");
        assertThat(d.get("outcome", Document.class).get("environment", Document.class).getString("from"))
                .isEqualTo("hello-model@v0.0.11");
    }

    @Test
    void aFailedRollbackIsStoredAsItsReleaseFailed() {
        ReleaseFailed failed = new StageEvents("env-migrator").failure(GoldenEvents.event(ReleaseRolledBack.class).release(),
                "unknown-release", "env-migrator has no environment of hello-model@v0.0.10", null);

        log.save(ID, failed);

        assertThat(log.find(ID)).hasValue(failed);
    }

    @Test
    void aBegunRollbackIsNoOutcomeUntilItsOutcomeIsStored() {
        ReleaseRolledBack planned = GoldenEvents.event(ReleaseRolledBack.class);

        log.begin(planned);

        assertThat(log.find(ID)).as("the runner must not replay a half-done rollback").isEmpty();
        assertThat(log.begun(ID)).hasValue(planned);
        log.begin(planned);
        assertThat(client.getDatabase("relay").getCollection("rollbacks").countDocuments()).isEqualTo(1);

        log.save(ID, planned);

        assertThat(log.find(ID)).hasValue(planned);
        assertThat(log.begun(ID)).isEmpty();
        assertThat(client.getDatabase("relay").getCollection("rollbacks").countDocuments()).isEqualTo(1);
    }
}
