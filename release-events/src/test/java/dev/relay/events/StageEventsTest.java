package dev.relay.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StageEventsTest {

    @Test
    void buildsValidStatusAndFailureEventsForItsStage() {
        Instant now = Instant.parse("2026-11-21T11:00:00Z");
        StageEvents stage = new StageEvents("image-builder", Clock.fixed(now, ZoneOffset.UTC));

        ReleaseStatus started = EventValidator.validate(stage.started(SampleEvents.RELEASE));
        ReleaseStatus done = EventValidator.validate(stage.succeeded(SampleEvents.RELEASE, 1234));
        ReleaseFailed failed = EventValidator.validate(stage.failure(SampleEvents.RELEASE, "build-failed", "boom", null));

        assertThat(started.state()).isEqualTo(ReleaseStatus.State.started);
        assertThat(started.at()).isEqualTo(now);
        assertThat(done.millis()).isEqualTo(1234);
        assertThat(failed.stage()).isEqualTo("image-builder");
        assertThat(stage.source()).isEqualTo("/relay/image-builder");
    }
}
