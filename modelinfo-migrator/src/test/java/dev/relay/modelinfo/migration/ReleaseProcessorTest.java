package dev.relay.modelinfo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.EnvVerified;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.StageEvents;
import dev.relay.modelinfo.support.ModelRepo;
import dev.relay.modelinfo.support.MongoFixture;
import dev.relay.modelinfo.support.Runbook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReleaseProcessorTest {

    private final MongoFixture mongo = new MongoFixture();
    private final Map<String, RelayEvent> stored = new HashMap<>();
    private final ReleaseResults results = new ReleaseResults() {
        public Optional<RelayEvent> find(String releaseId) {
            return Optional.ofNullable(stored.get(releaseId));
        }

        public void save(String releaseId, RelayEvent outcome) {
            stored.put(releaseId, outcome);
        }
    };

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void aTransientFailureIsNotRememberedSoARedeliveryRetries() {
        AtomicInteger calls = new AtomicInteger();
        MigrationSource flaky = (url, commit) -> {
            if (calls.getAndIncrement() == 0) {
                throw new MigrationException(MigrationException.CHECKOUT_FAILED, "could not fetch");
            }
            return List.of(Runbook.migration());
        };
        var processor = new ReleaseProcessor(flaky, mongo.migrator(Duration.ofSeconds(1)), results, new StageEvents("modelinfo-migrator"));
        EnvVerified event;
        try (ModelRepo repo = new ModelRepo("flaky-model")) {
            event = repo.envVerified("v1", "0123456789abcdef0123456789abcdef01234567");
        }

        List<RelayEvent> first = new ArrayList<>();
        processor.process(event, first::add);
        List<RelayEvent> second = new ArrayList<>();
        processor.process(event, second::add);
        List<RelayEvent> third = new ArrayList<>();
        processor.process(event, third::add);

        assertThat(first).hasSize(3);
        assertThat(first.get(0)).isInstanceOf(ReleaseStatus.class);
        assertThat(first.get(1)).isInstanceOfSatisfying(ReleaseFailed.class, f -> assertThat(f.reason()).isEqualTo("checkout-failed"));
        assertThat(((ReleaseStatus) first.get(2)).state()).isEqualTo(ReleaseStatus.State.failed);
        assertThat(second.get(1)).isInstanceOfSatisfying(ModelInfoMigrated.class,
                m -> assertThat(m.migrations().applied()).containsExactly(Runbook.ID));
        assertThat(third).containsExactly(second.get(1));
        assertThat(calls).hasValue(2);
    }
}
