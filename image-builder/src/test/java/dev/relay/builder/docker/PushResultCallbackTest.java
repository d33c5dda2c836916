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
        assertThatCode(() -> callback.check(true, REF, "registry.example", TIMEOUT)).doesNotThrowAnyException();
        assertThat(logged).containsExactly("push: Pushing", "push: v1: digest: sha256:1234 size: 528");
    }

    @Test
    void theFirstErrorItemFailsThePushWithoutCredentials() throws Exception {
        callback.onNext(item("{\"status\":\"Preparing\"}"));
        callback.onNext(item("{\"errorDetail\":{\"message\":\"unauthorized: bot:hunter2 refused by https://bot:hunter2@registry.example/v2/\"},"
                + "\"error\":\"unauthorized\"}"));
        callback.onNext(item("{\"errorDetail\":{\"message\":\"a later error\"},\"error\":\"a later error\"}"));

        BuildFailure failure = catchThrowableOfType(() -> callback.check(true, REF, "registry.example", TIMEOUT), BuildFailure.class);
        assertThat(failure.reason()).isEqualTo(BuildFailure.PUSH_FAILED);
        assertThat(failure.getMessage()).contains(REF, "registry.example", "unauthorized: bot:**** refused by https://***@registry.example/v2/")
                .doesNotContain("hunter2", "a later error");
        assertThat(failure.detail()).contains("push error: unauthorized").doesNotContain("hunter2");
    }

    @Test
    void anErrorWithoutDetailStillFailsThePush() throws Exception {
        callback.onNext(item("{\"error\":\"name unknown\"}"));
        BuildFailure failure = catchThrowableOfType(() -> callback.check(true, REF, "registry.example", TIMEOUT), BuildFailure.class);
        assertThat(failure.reason()).isEqualTo(BuildFailure.PUSH_FAILED);
        assertThat(failure.getMessage()).endsWith("failed: name unknown");
    }

    @Test
    void aPushThatDidNotCompleteInTimeIsAFailedPush() throws Exception {
        callback.onNext(item("{\"status\":\"Pushing\"}"));
        BuildFailure failure = catchThrowableOfType(() -> callback.check(false, REF, "registry.example", TIMEOUT), BuildFailure.class);
        assertThat(failure.reason()).isEqualTo(BuildFailure.PUSH_FAILED);
        assertThat(failure.getMessage()).contains(REF, "did not finish within PT15M");
        assertThat(failure.detail()).contains("push: Pushing");
    }
}
