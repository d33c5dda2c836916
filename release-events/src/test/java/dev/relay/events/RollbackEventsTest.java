package dev.relay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.events.golden.GoldenEvents;
import org.junit.jupiter.api.Test;

/** The rollback events' identity rules: a rollback id where a rollback is meant, a release id elsewhere. */
class RollbackEventsTest {

    private final EventCodec codec = new EventCodec();


    @Test
    void aRollbackIdNamesTheTargetReleaseAndASuffix() {
        assertThat(Rollback.idOf("hello-model", "v0.0.10", "2f4c9a1e")).isEqualTo("hello-model@v0.0.10~rollback-2f4c9a1e");
        assertThat(Rollback.isRollbackId("hello-model@v0.0.10~rollback-2f4c9a1e")).isTrue();
        assertThat(Rollback.isRollbackId("hello-model@v0.0.10")).isFalse();
    }

    @Test
    void aRollbackEventWithAPlainReleaseIdIsRefusedNamingTheField() {
        String json = GoldenEvents.json(EventType.ROLLBACK_REQUESTED)
                .replace("\"releaseId\" : \"hello-model@v0.0.10~rollback-2f4c9a1e\"", "\"releaseId\" : \"hello-model@v0.0.10\"");
        assertThatThrownBy(() -> codec.decodeRecord(RollbackRequested.class, EventType.ROLLBACK_REQUESTED.ceType(), json))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("release.releaseId"))
                .hasMessageContaining("must be a rollback id");
    }

    @Test
    void aReleaseEventWithARollbackIdIsRefused() {
        String json = GoldenEvents.json(EventType.GITOPS_UPDATED)
                .replace("\"releaseId\" : \"hello-model@v0.0.11\"", "\"releaseId\" : \"hello-model@v0.0.11~rollback-x1\"");
        assertThatThrownBy(() -> codec.decodeRecord(GitOpsUpdated.class, EventType.GITOPS_UPDATED.ceType(), json))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("release.releaseId"))
                .hasMessageContaining("is a rollback id");
    }

    @Test
    void aStatusMayNameARollback() {
        String json = GoldenEvents.json(EventType.RELEASE_STATUS)
                .replace("\"releaseId\" : \"hello-model@v0.0.11\"", "\"releaseId\" : \"hello-model@v0.0.11~rollback-x1\"");
        ReleaseStatus status = codec.decodeRecord(ReleaseStatus.class, EventType.RELEASE_STATUS.ceType(), json);
        assertThat(status.release().releaseId()).isEqualTo("hello-model@v0.0.11~rollback-x1");
    }

    @Test
    void theRollbackBlockMustAgreeWithTheReleaseBlock() {
        String json = GoldenEvents.json(EventType.ROLLBACK_REQUESTED).replace("\"to\" : \"v0.0.10\"", "\"to\" : \"v0.0.9\"");
        assertThatThrownBy(() -> codec.decodeRecord(RollbackRequested.class, EventType.ROLLBACK_REQUESTED.ceType(), json))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("rollback.to"));
        String badSuffix = GoldenEvents.json(EventType.ROLLBACK_REQUESTED).replace("~rollback-2f4c9a1e", "~rollback-NOT OK");
        assertThatThrownBy(() -> codec.decodeRecord(RollbackRequested.class, EventType.ROLLBACK_REQUESTED.ceType(), badSuffix))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("release.releaseId"));
    }

    @Test
    void theMigrationsOfOlderProducersHaveNoReversibility() {
        String older = GoldenEvents.json(EventType.MODELINFO_MIGRATED).replace(",\n    \"irreversible\" : [ ]", "");
        ModelInfoMigrated event = codec.decodeRecord(ModelInfoMigrated.class, EventType.MODELINFO_MIGRATED.ceType(), older);
        assertThat(event.migrations().irreversible()).isNull();
        assertThat(GoldenEvents.event(ModelInfoMigrated.class).migrations().irreversible()).isEmpty();
    }
}
