package dev.relay.bumper.config;

import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.smallrye.common.annotation.Identifier;
import dev.relay.events.deadletter.DeadLetterFailureHandler;
import dev.relay.events.stage.ModelLanes;
import dev.relay.events.stage.PublishRetry;
import dev.relay.bumper.core.Author;
import dev.relay.bumper.core.BumpStage;
import dev.relay.bumper.core.HeldReleasesWorkAgain;
import dev.relay.bumper.core.RollbackProgress;
import dev.relay.bumper.core.RollbackStage;
import dev.relay.bumper.core.RolloutStage;
import dev.relay.events.RollbackRequested;
import dev.relay.events.RolloutRequested;
import dev.relay.bumper.core.Bumper;
import dev.relay.bumper.core.CommitTemplate;
import dev.relay.bumper.core.GitOpsRepository;
import dev.relay.bumper.core.RetryPolicy;
import dev.relay.bumper.git.GitRemote;
import dev.relay.bumper.git.JGitGitOpsRepository;
import dev.relay.bumper.messaging.EventPublisher;
import dev.relay.events.stage.StageMetrics;
import dev.relay.bumper.store.RecentOutcomes;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.StageEvents;
import dev.relay.events.stage.StageListener;
import dev.relay.events.stage.StageResults;
import dev.relay.events.stage.StageRunner;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * Builds the plain-Java core from the configuration: the GitOps repository (JGit, or one that
 * fails every bump with {@code gitops-not-configured} when relay.gitops.repo-url is not set), the
 * {@link Bumper}, and the stage runners: releases, bumps by hand, rollbacks and campaign rollouts.
 */
@Singleton
public class ReleaseBumperWiring {

    /** How many outcomes the in-memory replay store keeps (a few KB each); older ones are replayed from git. */
    static final int REMEMBERED_OUTCOMES = 10_000;

    /** Where modelinfo.migrated records wait for a thread: models side by side, one model's in order. */
    @Produces
    @Singleton
    ModelLanes lanes(ReleaseBumperConfig config) {
        return new ModelLanes("gitops-bump", config.concurrency());
    }

    void closeLanes(@Disposes ModelLanes lanes) {
        lanes.close();
    }

    @Produces
    @Singleton
    GitOpsRepository repository(ReleaseBumperConfig config) {
        return config.repoUrl().filter(url -> !url.isBlank()).<GitOpsRepository>map(url -> {
            GitRemote remote = new GitRemote(url, config.branch(), config.username().orElse(null),
                    config.token().orElse(null), config.timeout());
            Path cache = Path.of(config.cacheDir().orElse(System.getProperty("java.io.tmpdir") + "/relay-gitops"));
            return new JGitGitOpsRepository(remote, cache.resolve(remote.cacheKey()));
        }).orElseGet(GitOpsRepository::notConfigured);
    }

    void close(@Disposes GitOpsRepository repository) {
        repository.close();
    }

    @Produces
    @Singleton
    Bumper bumper(ReleaseBumperConfig config, GitOpsRepository repository) {
        ReleaseBumperConfig.Push push = config.push();
        return new Bumper(repository, new CommitTemplate(config.commitMessage()),
                new Author(config.author().name(), config.author().email()),
                new RetryPolicy(push.attempts(), push.backoff(), push.maxBackoff()), config.paths());
    }

    @Produces
    @Singleton
    StageResults results() {
        return new RecentOutcomes(REMEMBERED_OUTCOMES);
    }

    @Produces
    @Singleton
    StageListener metrics(MeterRegistry registry) {
        return new StageMetrics(registry);
    }

    /** Releases from {@code modelinfo.migrated}: replayed from the stored outcome, else from the git trailer. */
    @Produces
    @Singleton
    StageRunner<ModelInfoMigrated> releases(Bumper bumper, StageResults results, EventPublisher publisher,
                                            StageListener listener) {
        return new StageRunner<>(new StageEvents(BumpStage.STAGE), BumpStage.releases(bumper),
                new HeldReleasesWorkAgain(results, bumper), publisher, listener);
    }

    /** Bumps by hand: reported like releases, but never replayed: each one acts on the branch as it is now. */
    @Produces
    @Singleton
    @ByHand
    StageRunner<ModelInfoMigrated> byHand(Bumper bumper, EventPublisher publisher, StageListener listener) {
        return new StageRunner<>(new StageEvents(BumpStage.STAGE), BumpStage.byHand(bumper), StageResults.none(), publisher,
                listener);
    }

    /** The failure strategy of every incoming channel here: a refused record never stops the consumer (README, "Bad records"). */
    @Produces
    @Singleton
    @Identifier(DeadLetterFailureHandler.STRATEGY)
    KafkaFailureHandler.Factory deadLetters(MeterRegistry registry) {
        return new DeadLetterFailureHandler.Factory(registry);
    }

    /** Consumers try a delivery again, for as long as it takes, when its events could not be published. */
    @Produces
    @Singleton
    PublishRetry publishRetry(ReleaseBumperConfig config) {
        return PublishRetry.withBackoff(config.publishRetry().initialDelay(), config.publishRetry().maxDelay());
    }

    /** Rollbacks from {@code rollback.requested}: replayed from the stored outcome, else from the rollback's commit. */
    @Produces
    @Singleton
    StageRunner<RollbackRequested> rollbacks(Bumper bumper, EventPublisher publisher, StageListener listener) {
        return new StageRunner<>(new StageEvents(BumpStage.STAGE), new RollbackStage(bumper),
                new RecentOutcomes(REMEMBERED_OUTCOMES), publisher, listener);
    }

    /**
     * Campaign rollouts from {@code rollout.requested}: replayed from the stored outcome, else from the rollout's
     * commit; a rollout of a release that a rollback has held since works again, and is refused.
     */
    @Produces
    @Singleton
    StageRunner<RolloutRequested> rollouts(Bumper bumper, EventPublisher publisher, StageListener listener) {
        return new StageRunner<>(new StageEvents(BumpStage.STAGE), new RolloutStage(bumper),
                new HeldReleasesWorkAgain(new RecentOutcomes(REMEMBERED_OUTCOMES), bumper), publisher, listener);
    }

    @Produces
    @Singleton
    RollbackProgress rollbackProgress() {
        return new RollbackProgress(java.time.Clock.systemUTC());
    }
}
