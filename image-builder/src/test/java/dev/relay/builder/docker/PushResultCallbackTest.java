package dev.relay.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.relay.builder.core.BuildFailure;
import dev.relay.builder.core.BuildLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the end of a push is judged, with items as the engine streams them (no registry needed). */
class PushResultCallbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REF = "registry.example/m:v1";
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final List<String> logged = new ArrayList<>();
    private final PushResultCallback callback = new PushResultCallback(new BuildLog(10, logged::add), "hunter2");

    private static PushResponseItem item(String json) throws Exception {
        return JSON.readValue(json, PushResponseItem.class);
    }

    @Test
    void aCompletedPushWithoutErrorItemsSucceeds() throws Exception {
        callback.onNext(item("{\"status\":\"Pushing\",\"id\":\"abc\"}"));
        callback.onNext(item("{\"status\":\"v1: digest: sha256:1234 size: 528\"}"));
        callback.onNext(item("{\"progressDetail\":{},\"aux\":{\"Tag\":\"v1\",\"Digest\":\"sha256:1234\",\"Size\":528}}"));
        assertThatCode(() -> callback.check(true, REF, "registry.example", "bot", TIMEOUT)).doesNotThrowAnyException();
        assertThat(logged).containsExactly("push: Pushing", "push: v1: digest: sha256:1234 size: 528");
        assertThat(callback.digest()).as("the registry's answer, from the aux item").isEqualTo("sha256:1234");
    }

    @Test
    void nothingAnsweringAtTheAddressIsRegistryUnavailable() throws Exception {
        callback.onNext(item("{\"errorDetail\":{\"message\":\"Get \\\"http://127.0.0.1:5999/v2/\\\": dial tcp 127.0.0.1:5999: connect: connection refused\"}}"));
        BuildFailure failure = catchThrowableOfType(() -> callback.check(true, REF, "127.0.0.1:5999", "bot", TIMEOUT), BuildFailure.class);
        assertThat(failure.reason()).isEqualTo(BuildFailure.REGISTRY_UNAVAILABLE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).isEqualTo("the registry 127.0.0.1:5999 did not answer the push of " + REF
                + ": Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused");
    }

    @Test
    void credentialsAskedForButNoneConfiguredSaysWhichKeysToSet() {
        BuildFailure failure = PushResultCallback.failure("unauthorized: authentication required", REF, "registry.example", null,
                null, null);
        assertThat(failure.reason()).isEqualTo(BuildFailure.REGISTRY_UNAUTHORIZED);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("without credentials; set relay.builder.registry.username and .password");
    }

    @Test
    void theFirstErrorItemFailsThePushWithoutCredentials() throws Exception {
        callback.onNext(item("{\"status\":\"Preparing\"}"));
        callback.onNext(item("{\"errorDetail\":{\"message\":\"unauthorized: bot:hunter2 refused by https://bot:hunter2@registry.example/v2/\"},"
                + "\"error\":\"unauthorized\"}"));
        callback.onNext(item("{\"errorDetail\":{\"message\":\"a later error\"},\"error\":\"a later error\"}"));

        BuildFailure failure = catchThrowableOfType(() -> callback.check(true, REF, "registry.example", "bot", TIMEOUT), BuildFailure.class);
        assertThat(failure.reason()).isEqualTo(BuildFailure.REGISTRY_UNAUTHORIZED);
        assertThat(failure.getMessage()).contains(REF, "registry.example", "with the credentials of user 'bot'",
                        "unauthorized: bot:**** refused by https://***@registry.example/v2/")
                .doesNotContain("hunter2", "a later error");
        assertThat(failure.detail()).contains("push error: unauthorized").doesNotContain("hunter2");
    }

    @Test
    void anErrorWithoutDetailStillFailsThePush() throws Exception {
        callback.onNext(item("{\"error\":\"name unknown\"}"));
        BuildFailure failure = catchThrowableOfType(() -> callback.check(true, REF, "registry.example", "bot", TIMEOUT), BuildFailure.class);
        assertThat(failure.reason()).isEqualTo(BuildFailure.PUSH_FAILED);
        assertThat(failure.getMessage()).endsWith("failed: name unknown");
    }

    @Test
    void aPushThatDidNotCompleteInTimeIsAFailedPush() throws Exception {
        callback.onNext(item("{\"status\":\"Pushing\"}"));
        BuildFailure failure = catchThrowableOfType(() -> callback.check(false, REF, "registry.example", "bot", TIMEOUT), BuildFailure.class);
        assertThat(failure.reason()).isEqualTo(BuildFailure.PUSH_FAILED);
        assertThat(failure.getMessage()).contains(REF, "did not finish within PT15M");
        assertThat(failure.detail()).contains("push: Pushing");
    }
}
