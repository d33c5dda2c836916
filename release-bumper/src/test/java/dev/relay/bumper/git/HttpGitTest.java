package dev.relay.bumper.git;

import static dev.relay.bumper.core.GitOpsFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.bumper.core.BumpFailure;
import dev.relay.bumper.core.BumpRequest;
import dev.relay.bumper.core.BumpResult;
import dev.relay.bumper.core.Bumper;
import dev.relay.bumper.core.GitOpsFixture;
import dev.relay.bumper.core.ImageRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bumps through a real smart-HTTP git server with Basic auth on loopback. */
class HttpGitTest {

    private static final String USER = "relay";
    private static final String TOKEN = "s3cr3t-token-4711";

    @TempDir
    Path tmp;
    private GitHttpServer server;

    @BeforeEach
    void start() {
        server = GitHttpServer.start(tmp.resolve("srv"), USER, TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBumpPushesThroughTheServerWithTheToken() {
        Path bare = GitOpsFixture.seed(tmp.resolve("srv"), "gitops", Map.of("d.yaml", deployment("r.io/team/hello:v1")));
        Bumper bumper = GitOpsFixture.bumper(server.url("gitops.git"), tmp.resolve("cache"), USER, TOKEN, 3);

        BumpResult result = bumper.bump(BumpRequest.manual("hello", ImageRef.parse("r.io/team/hello:v2")));

        assertThat(GitOpsFixture.log(bare).get(0).name()).isEqualTo(result.commit());
        assertThat(server.pushes()).isEqualTo(1);
        assertThat(bumper.repoUrl()).doesNotContain(TOKEN);
    }

    @Test
    void aWrongTokenFailsClearlyWithoutShowingIt() {
        GitOpsFixture.seed(tmp.resolve("srv"), "gitops", Map.of("d.yaml", deployment("r.io/team/hello:v1")));
        String wrong = "wrong-token-0815";
        String url = server.url("gitops.git").replace("http://", "http://" + USER + ":" + wrong + "@");
        Bumper bumper = GitOpsFixture.bumper(url, tmp.resolve("cache"), USER, wrong, 3);

        assertThatThrownBy(() -> bumper.bump(BumpRequest.manual("hello", ImageRef.parse("r.io/team/hello:v2"))))
                .isInstanceOfSatisfying(BumpFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(BumpFailure.AUTH_FAILED);
                    // the URL's user info is redacted, the rest of it is named
                    assertThat(f.getMessage()).contains("authentication")
                            .contains(server.url("gitops.git").replace("http://", "http://***@"))
                            .doesNotContain(wrong).doesNotContain(TOKEN).doesNotContain(USER + ":");
                    assertThat(f.retryable()).isFalse();
                    assertThat(String.valueOf(f.detail())).doesNotContain(wrong);
                });
    }

    @Test
    void aPushDeclinedByAHookFailsAtOnceWithoutRetrying() {
        Path bare = GitOpsFixture.seed(tmp.resolve("srv"), "gitops", Map.of("d.yaml", deployment("r.io/team/hello:v1")));
        server.onPreReceive((rp, commands) -> commands.forEach(c ->
                c.setResult(org.eclipse.jgit.transport.ReceiveCommand.Result.REJECTED_OTHER_REASON, "protected branch hook declined")));
        Bumper bumper = GitOpsFixture.bumper(server.url("gitops.git"), tmp.resolve("cache"), USER, TOKEN, 5);

        assertThatThrownBy(() -> bumper.bump(BumpRequest.manual("hello", ImageRef.parse("r.io/team/hello:v2"))))
                .isInstanceOfSatisfying(BumpFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(BumpFailure.PUSH_FAILED);
                    assertThat(f.getMessage()).contains("declined").contains("protected branch hook declined")
                            .doesNotContain("keeps moving").doesNotContain(TOKEN);
                    assertThat(f.retryable()).isFalse();
                });
        assertThat(server.pushes()).isEqualTo(1);
        assertThat(GitOpsFixture.log(bare)).hasSize(1);
    }

    @Test
    void onlyLostRacesCountAsRetryableRejections() {
        assertThat(JGitGitOpsRepository.isLostRace("failed to lock")).isTrue();
        assertThat(JGitGitOpsRepository.isLostRace("non-fast forward")).isTrue();
        assertThat(JGitGitOpsRepository.isLostRace("fetch first")).isTrue();
        assertThat(JGitGitOpsRepository.isLostRace("invalid old id sent")).isTrue();
        assertThat(JGitGitOpsRepository.isLostRace("cannot lock ref 'refs/heads/main': is at 1234 but expected 5678")).isTrue();
        assertThat(JGitGitOpsRepository.isLostRace("pre-receive hook declined")).isFalse();
        assertThat(JGitGitOpsRepository.isLostRace("protected branch hook declined")).isFalse();
        assertThat(JGitGitOpsRepository.isLostRace(null)).isFalse();
    }

    @Test
    void tenModelsBumpedAtOnceAllLandExactlyOnce() throws Exception {
        Map<String, String> files = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            files.put("apps/model-" + i + "/deployment.yaml", deployment("r.io/team/model-" + i + ":v1"));
        }
        Path bare = GitOpsFixture.seed(tmp.resolve("srv"), "gitops", files);
        // three replicas of the service, each with its own cached clone, racing for the branch
        List<Bumper> replicas = List.of(
                GitOpsFixture.bumper(server.url("gitops.git"), tmp.resolve("cache-a"), USER, TOKEN, 40),
                GitOpsFixture.bumper(server.url("gitops.git"), tmp.resolve("cache-b"), USER, TOKEN, 40),
                GitOpsFixture.bumper(server.url("gitops.git"), tmp.resolve("cache-c"), USER, TOKEN, 40));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<BumpResult>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String model = "model-" + i;
            Bumper bumper = replicas.get(i % 3);
            results.add(pool.submit(() -> {
                go.await();
                return bumper.bump(new BumpRequest(model, ImageRef.parse("r.io/team/" + model + ":v2"), "v2",
                        model + "@v2", "0123456789abcdef0123456789abcdef01234567", false));
            }));
        }
        go.countDown();
        for (Future<BumpResult> f : results) {
            assertThat(f.get(5, TimeUnit.MINUTES).noop()).isFalse();
        }
        pool.shutdown();

        List<RevCommit> log = GitOpsFixture.log(bare);
        assertThat(log).hasSize(11);
        assertThat(log.subList(0, 10)).extracting(c -> c.getFooterLines("Relay-Model").get(0))
                .containsExactlyInAnyOrder("model-0", "model-1", "model-2", "model-3", "model-4", "model-5", "model-6",
                        "model-7", "model-8", "model-9");
        for (int i = 0; i < 10; i++) {
            assertThat(GitOpsFixture.read(bare, tmp.resolve("check-" + i), "apps/model-" + i + "/deployment.yaml"))
                    .isEqualTo(deployment("r.io/team/model-" + i + ":v2"));
        }
    }
}
