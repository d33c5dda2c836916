package dev.relay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.events.golden.GoldenEvents;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The golden files are what the codec writes, and what it reads back, for every event type. */
class GoldenEventsTest {

    final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theCodecWritesEachGoldenFileByteForByte(EventType type) throws Exception {
        String file = GoldenEvents.json(type);
        RelayEvent event = codec.decodeRecord(type.payloadType(), type.ceType(), file);

        assertThat(codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(event) + "\n").isEqualTo(file);
        // A rollback's events carry the target release's block, with the rollback id as its id; a campaign's, the
        // current release's with the campaign's id.
        assertThat(event.release().releaseId()).isEqualTo(switch (type) {
            case REBUILD_REQUESTED -> "hello-model@v0.0.11~campaign-py313";
            case ROLLOUT_REQUESTED -> "hello-model@v0.0.11~campaign-py313.cutover";
            default -> type.compareTo(EventType.ROLLBACK_REQUESTED) >= 0
                    ? "hello-model@v0.0.10~rollback-2f4c9a1e" : "hello-model@v0.0.11";
        });
    }

    @Test
    void theResultEventsCarryTheModelConfig() {
        ModelConfig config = GoldenEvents.event(ImageBuilt.class).modelConfig();
        assertThat(config.python()).isEqualTo(">=3.10,<3.12");
        assertThat(GoldenEvents.event(EnvVerified.class).modelConfig()).isEqualTo(config);
        assertThat(GoldenEvents.event(ModelInfoMigrated.class).modelConfig()).isEqualTo(config);
        assertThat(GoldenEvents.event(GitOpsUpdated.class).modelConfig()).isEqualTo(config);
    }

    @Test
    void anEventWithoutTheModelConfigIsStillAccepted() {
        String older = GoldenEvents.without(GoldenEvents.json(EventType.IMAGE_BUILT), "modelConfig");
        ImageBuilt event = codec.decodeRecord(ImageBuilt.class, EventType.IMAGE_BUILT.ceType(), older);
        assertThat(event.modelConfig()).isNull();
        assertThat(event.requirements()).containsEntry("promote", "1.10");
    }

    @Test
    void aRecordWithoutACeTypeHeaderIsRejected() {
        assertThatThrownBy(() -> codec.decodeRecord(ImageBuilt.class, null, GoldenEvents.json(EventType.IMAGE_BUILT)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("ce_type"))
                .hasMessage("ce_type: header is missing (expected 'dev.relay.image.built.v1')");
    }

    @Test
    void aRecordThatSaysItIsAnotherTypeIsRejectedWhateverItsJson() {
        assertThatThrownBy(() -> codec.decodeRecord(ImageBuilt.class, EventType.ENV_VERIFIED.ceType(),
                GoldenEvents.json(EventType.IMAGE_BUILT)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("ce_type"))
                .hasMessage("ce_type: 'dev.relay.env.verified.v1' is not dev.relay.image.built.v1");
    }

    static Stream<String> urlsWithCredentials() {
        return Stream.of("https://relay:ghp_s3cret@git.example/ml/hello-model.git", "https://ghp_token@git.example/a.git",
                "ssh://git:pw@host/a.git");
    }

    @ParameterizedTest
    @MethodSource("urlsWithCredentials")
    void aRepoUrlWithCredentialsIsRejectedAndTheSecretIsNotRepeated(String url) {
        Release release = Release.of("hello-model", "v1", url, "0123456789abcdef0123456789abcdef01234567", "ada",
                java.time.Instant.parse("2026-11-21T10:15:30Z"));
        String json = GoldenEvents.json(EventType.RELEASE_TAGGED, release);
        assertThatThrownBy(() -> codec.decodeRecord(ReleaseTagged.class, EventType.RELEASE_TAGGED.ceType(), json))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("release.repoUrl"))
                .hasMessageContaining("carries credentials in the URL")
                .hasMessageNotContaining("s3cret").hasMessageNotContaining("token").hasMessageNotContaining(":pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh://git@git.example/ml/a.git", "file:///srv/git/a.git", "https://git.example/a.git"})
    void aRepoUrlWithoutSecretsIsAccepted(String url) {
        Release release = Release.of("hello-model", "v1", url, "0123456789abcdef0123456789abcdef01234567", "ada",
                java.time.Instant.parse("2026-11-21T10:15:30Z"));
        assertThat(codec.decodeRecord(ReleaseTagged.class, EventType.RELEASE_TAGGED.ceType(),
                GoldenEvents.json(EventType.RELEASE_TAGGED, release)).release().repoUrl()).isEqualTo(url);
    }

    @Test
    void aModelConfigNamingAnotherModelIsRejected() {
        String json = GoldenEvents.json(EventType.IMAGE_BUILT).replace("\"model\" : \"hello-model\",\n    \"python\"",
                "\"model\" : \"other-model\",\n    \"python\"");
        assertThatThrownBy(() -> codec.decode(ImageBuilt.class, json))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("modelConfig.model"))
                .hasMessage("modelConfig.model: 'other-model' is not the release's model 'hello-model'");
    }

    @Test
    void aModelConfigWithAMigrationsDirOutsideTheRepositoryIsRejected() {
        String json = GoldenEvents.json(EventType.IMAGE_BUILT).replace("\"migrationsDir\" : \"migrations\"",
                "\"migrationsDir\" : \"../../etc\"");
        assertThatThrownBy(() -> codec.decode(ImageBuilt.class, json))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("modelConfig.migrationsDir"));
    }

    @Test
    void everyEventTypeHasAGoldenFile() {
        assertThat(Arrays.stream(EventType.values()).map(GoldenEvents::json)).allMatch(json -> json.startsWith("{"));
    }
}
