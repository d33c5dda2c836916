package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order of Cutover's two writes, seen by a reader between them. */
class CutoverTest {

    private final List<String> seenBetweenWrites = new ArrayList<>();
    private final InMemoryHistory history = new InMemoryHistory() {
        @Override
        public synchronized void retireCurrent(String model, String keep, Instant at) {
            super.retireCurrent(model, keep, at);
            seenBetweenWrites.add("after retire: " + current(model).map(EnvironmentRecord::releaseId).orElse("none"));
        }

        @Override
        public synchronized void makeCurrent(String releaseId, String previous, Instant at) {
            super.makeCurrent(releaseId, previous, at);
            seenBetweenWrites.add("after promote: " + current("hello").map(EnvironmentRecord::releaseId).orElse("none"));
        }
    };
    private final Cutover cutover = new Cutover(history, Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));

    private static EnvironmentRecord verified(String version, EnvState state) {
        Instant at = Instant.parse("2026-12-04T09:00:00Z");
        return new EnvironmentRecord("hello@" + version, "hello", version, "hello:" + version, "sha256:" + version, null, List.of(),
                null, null, state, null, null, at, state == EnvState.current ? at : null, null, at, null);
    }

    @Test
    void aReaderFindsACurrentEnvironmentAtEveryStepOfACutoverAndOfARollback() {
        history.insert(verified("v1", EnvState.current));
        history.insert(verified("v2", EnvState.qa));

        assertThat(cutover.promote("hello@v2")).isEqualTo(Cutover.Outcome.promoted);
        assertThat(seenBetweenWrites).doesNotContain("after retire: none", "after promote: none").hasSize(2);
        assertThat(history.find("hello@v1").orElseThrow().state()).isEqualTo(EnvState.retired);
        assertThat(history.current("hello").map(EnvironmentRecord::releaseId)).hasValue("hello@v2");

        seenBetweenWrites.clear();
        cutover.rollback("hello");
        assertThat(seenBetweenWrites).containsExactly("after promote: hello@v1", "after retire: hello@v1")
                .as("v1 promoted first, then v2 retired");
        assertThat(history.find("hello@v2").orElseThrow().state()).isEqualTo(EnvState.retired);
    }

    @Test
    void aRedeliveryAfterACrashBetweenTheTwoWritesFinishesTheSwitch() {
        history.insert(verified("v1", EnvState.current));
        history.insert(verified("v2", EnvState.qa));
        // The crash: v2 promoted, v1 not yet retired.
        history.makeCurrent("hello@v2", "hello@v1", Instant.parse("2026-12-04T09:30:00Z"));

        assertThat(cutover.promote("hello@v2")).isEqualTo(Cutover.Outcome.alreadyCurrent);

        assertThat(history.find("hello@v1").map(EnvironmentRecord::state)).isEqualTo(Optional.of(EnvState.retired));
        assertThat(history.find("hello@v2").map(EnvironmentRecord::state)).isEqualTo(Optional.of(EnvState.current));
    }
}
