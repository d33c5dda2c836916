package dev.relay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    static Stream<RelayEvent> everyEvent() {
        return SampleEvents.all().stream();
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void everyEventSurvivesARoundTripThroughJson(RelayEvent event) {
        byte[] json = codec.encode(event);

        assertThat(codec.decode(event.getClass(), json)).isEqualTo(event);
        assertThat(codec.decodeCloudEvent(event.type().ceType(), json)).isEqualTo(event);
    }

    @Test
    void everyTopicHasOneEventTypeWithAVersionedCloudEventsType() {
        assertThat(SampleEvents.all()).extracting(e -> e.type().topic()).containsExactly(
                Topics.RELEASE_TAGGED, Topics.IMAGE_BUILT, Topics.ENV_VERIFIED, Topics.MODELINFO_MIGRATED,
                Topics.GITOPS_UPDATED, Topics.RELEASE_FAILED, Topics.RELEASE_STATUS);
        assertThat(EventType.IMAGE_BUILT.ceType()).isEqualTo("dev.relay.image.built.v1");
        assertThat(Topics.dlq(Topics.RELEASE_TAGGED)).isEqualTo("release.tagged.dlq");
    }

    @Test
    void releaseTaggedIsWrittenWithTheContractFieldNames() {
        String json = codec.encodeToString(new ReleaseTagged(SampleEvents.RELEASE));

        assertThat(json).isEqualTo("{\"release\":{\"releaseId\":\"hello-model@v0.0.11\",\"model\":\"hello-model\","
                + "\"version\":\"v0.0.11\",\"repoUrl\":\"https://git.example/ml/hello-model.git\","
                + "\"commit\":\"0123456789abcdef0123456789abcdef01234567\",\"taggedBy\":\"ada\","
                + "\"taggedAt\":\"2026-11-21T10:15:30Z\"}}");
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() {
        String json = codec.encodeToString(new ReleaseTagged(SampleEvents.RELEASE)).replace("{\"release\"",
                "{\"addedLater\":1,\"release\"");

        assertThat(codec.decode(ReleaseTagged.class, json).release()).isEqualTo(SampleEvents.RELEASE);
    }

    @Test
    void cloudEventsHeadersNameTypeSourceAndModel() {
        RelayEvent event = new ReleaseTagged(SampleEvents.RELEASE);

        Map<String, String> headers = CloudEvents.headers(event, "/relay/git-hook");

        assertThat(headers).containsEntry("ce_type", "dev.relay.release.tagged.v1")
                .containsEntry("ce_source", "/relay/git-hook")
                .containsEntry("ce_subject", "hello-model")
                .containsEntry("ce_specversion", "1.0")
                .containsKeys("ce_id", "ce_time");
    }

    static String tagged(String model, String version, String releaseId, String commit) {
        return "{\"release\":{\"releaseId\":\"" + releaseId + "\",\"model\":\"" + model + "\",\"version\":\""
                + version + "\",\"repoUrl\":\"file:///srv/git/m.git\",\"commit\":\"" + commit
                + "\",\"taggedBy\":\"ada\",\"taggedAt\":\"2026-11-21T10:15:30Z\"}}";
    }

    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    static Stream<Arguments> malformed() {
        String valid = tagged("hello-model", "v1", "hello-model@v1", SHA);
        return Stream.of(
                Arguments.of("upper-case model", tagged("Hello", "v1", "Hello@v1", SHA), "release.model", "is not a model name"),
                Arguments.of("model starting with a dash", tagged("-m", "v1", "-m@v1", SHA), "release.model", "is not a model name"),
                Arguments.of("model of 64 characters", tagged("m".repeat(64), "v1", "m".repeat(64) + "@v1", SHA), "release.model", "is not a model name"),
                Arguments.of("model with an underscore", tagged("my_model", "v1", "my_model@v1", SHA), "release.model", "is not a model name"),
                Arguments.of("tag with '..'", tagged("m", "v1..2", "m@v1..2", SHA), "release.version", "must not contain '..'"),
                Arguments.of("tag with a space", tagged("m", "v 1", "m@v 1", SHA), "release.version", "spaces"),
                Arguments.of("tag ending in .lock", tagged("m", "v1.lock", "m@v1.lock", SHA), "release.version", ".lock"),
                Arguments.of("tag with '@{'", tagged("m", "v@{1}", "m@v@{1}", SHA), "release.version", "'@{'"),
                Arguments.of("tag ending with '/'", tagged("m", "v1/", "m@v1/", SHA), "release.version", "'/'"),
                Arguments.of("tag with '~'", tagged("m", "v1~2", "m@v1~2", SHA), "release.version", "~"),
                Arguments.of("short commit", tagged("m", "v1", "m@v1", "0123abc"), "release.commit", "not a full 40-hex commit"),
                Arguments.of("upper-case commit", tagged("m", "v1", "m@v1", SHA.toUpperCase()), "release.commit", "not a full 40-hex commit"),
                Arguments.of("release id of another release", tagged("m", "v1", "m@v2", SHA), "release.releaseId", "must be 'm@v1'"),
                Arguments.of("missing release block", "{}", "release", "is required"),
                Arguments.of("missing repoUrl", valid.replace("\"repoUrl\":\"file:///srv/git/m.git\",", ""), "release.repoUrl", "is required"),
                Arguments.of("blank taggedBy", valid.replace("\"taggedBy\":\"ada\"", "\"taggedBy\":\" \""), "release.taggedBy", "is required"),
                Arguments.of("taggedAt not a time", valid.replace("2026-11-21T10:15:30Z", "yesterday"), "release.taggedAt", "yesterday"),
                Arguments.of("not JSON", "release: v1", "payload", "not valid JSON"),
                Arguments.of("trailing garbage", valid + "}", "payload", "not valid JSON"),
                Arguments.of("empty value", "", "payload", "is empty"),
                Arguments.of("JSON null", "null", "payload", "is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedReleaseTaggedIsRejectedNamingTheField(String title, String json, String field, String problem) {
        assertThatThrownBy(() -> codec.decode(ReleaseTagged.class, json))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void unknownCloudEventsTypeIsRejected() {
        byte[] json = codec.encode(new ReleaseTagged(SampleEvents.RELEASE));

        assertThatThrownBy(() -> codec.decodeCloudEvent("dev.relay.release.tagged.v9", json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("ce_type: unknown event type 'dev.relay.release.tagged.v9'");
        assertThatThrownBy(() -> codec.decodeCloudEvent(null, json)).hasMessage("ce_type: header is missing");
    }

    @Test
    void payloadOverOneMebibyteIsRejected() {
        String big = codec.encodeToString(new ReleaseTagged(SampleEvents.RELEASE))
                .replace("\"ada\"", "\"" + "a".repeat(EventCodec.MAX_PAYLOAD_BYTES) + "\"");

        assertThatThrownBy(() -> codec.decode(ReleaseTagged.class, big.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("payload: is " + big.length() + " bytes, over the limit of 1048576");
    }

    @Test
    void eventsTooLargeToPublishAreRefusedBeforeSending() {
        ReleaseFailed huge = new ReleaseFailed(SampleEvents.RELEASE, "image-builder", "build-failed", "failed",
                "x".repeat(EventCodec.MAX_PAYLOAD_BYTES));

        assertThatThrownBy(() -> codec.encode(huge)).hasMessageStartingWith("payload: is ");
    }

    @Test
    void payloadFieldsAreValidatedPerEventType() {
        assertThatThrownBy(() -> codec.encode(new ImageBuilt(SampleEvents.RELEASE, null, Map.of(), 1)))
                .hasMessage("image: is required");
        assertThatThrownBy(() -> codec.encode(new GitOpsUpdated(SampleEvents.RELEASE, SampleEvents.IMAGE,
                new GitOps("u", "main", "abc", java.util.List.of(), null, "m:v1", false))))
                .hasMessageStartingWith("gitops.commit: 'abc' is not a full 40-hex commit id");
        assertThatThrownBy(() -> codec.encode(new ReleaseFailed(SampleEvents.RELEASE, "env-migrator", "", "m", null)))
                .hasMessage("reason: is required");
        String status = codec.encodeToString(SampleEvents.all().get(6)).replace("\"succeeded\"", "\"exploded\"");
        assertThatThrownBy(() -> codec.decode(ReleaseStatus.class, status))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("state"));
        String negative = codec.encodeToString(SampleEvents.all().get(1)).replace("42.5", "-1");
        assertThatThrownBy(() -> codec.decode(ImageBuilt.class, negative)).hasMessage("buildSeconds: must not be negative");
    }
}
