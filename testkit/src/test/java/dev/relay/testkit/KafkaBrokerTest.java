package dev.relay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.events.Release;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void anEventSentToTheRealBrokerIsReadBackWithKeyAndHeaders() {
        try (KafkaBroker broker = KafkaBroker.start(); KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            assertThat(broker.bootstrapServers()).contains("localhost:").doesNotContain(":9092");
            broker.createTopics(List.of(Topics.RELEASE_TAGGED));
            ReleaseTagged event = new ReleaseTagged(Release.of("m", "v1", "file:///r.git", "a".repeat(40), "ada", Instant.now()));

            kafka.send(event, "/relay/test");

            List<ReleaseTagged> read = kafka.readEvents(ReleaseTagged.class, Topics.RELEASE_TAGGED, e -> true, 1, Duration.ofSeconds(20));
            assertThat(read).containsExactly(event);
            var record = kafka.read(Topics.RELEASE_TAGGED, 1, Duration.ofSeconds(20)).get(0);
            assertThat(record.key()).isEqualTo("m");
            assertThat(KafkaTestClient.headers(record)).containsEntry("ce_type", "dev.relay.release.tagged.v1");
            assertThat(broker.quarkusConfig()).containsEntry("kafka.bootstrap.servers", broker.bootstrapServers())
                    .containsEntry("quarkus.kafka.devservices.enabled", "false");
        }
    }
}
