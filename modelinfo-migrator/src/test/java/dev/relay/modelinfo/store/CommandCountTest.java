package dev.relay.modelinfo.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.relay.modelinfo.support.MongoFixture;
import dev.relay.modelinfo.support.Runbook;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No per-document round trips: the same migration sends the same commands on 1,000 and on 100,000 documents. */
class CommandCountTest {

    @Test
    void sameNumberOfCommandsWhateverTheNumberOfDocuments() {
        List<String> small = commandsFor(1_000);
        List<String> large = commandsFor(100_000);

        assertThat(large).hasSameSizeAs(small);
        assertThat(large).isEqualTo(small);
        assertThat(small).contains("aggregate", "update");
    }

    private List<String> commandsFor(int documents) {
        try (MongoFixture mongo = new MongoFixture()) {
            for (int from = 0; from < documents; from += 10_000) {
                mongo.modelinfo().insertMany(Runbook.documents("hello-model", from, Math.min(10_000, documents - from)));
            }
            // A long lock ttl: no lock extension (a timer, not a per-document command) falls into the count.
            var migrator = mongo.migrator(Duration.ofSeconds(5), "counter", Duration.ofHours(1));
            mongo.resetCommands();

            migrator.up("hello-model", "hello-model@v1", List.of(Runbook.migration()), false);
            migrator.down("hello-model", "manual", null, Map.of(), false);
            List<String> commands = mongo.commands();

            assertThat(mongo.modelinfo().countDocuments(Filters.exists("baz"))).isZero();
            return commands;
        }
    }
}
