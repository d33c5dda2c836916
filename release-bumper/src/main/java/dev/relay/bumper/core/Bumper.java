package dev.relay.bumper.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Bumps a model's image in one GitOps repository: sync, plan, commit, push; on a rejected push
 * (someone else pushed first) sync again, re-plan and push, with the {@link RetryPolicy}'s backoff.
 * Idempotent on the release id: the commit trailers are the record of what was already done.
 */
public final class Bumper {

    private static final int HISTORY_LIMIT = 200;

    private final GitOpsRepository repository;
    private final BumpPlanner planner = new BumpPlanner();
    private final CommitTemplate messages;
    private final Author author;
    private final RetryPolicy retry;
    private final Function<String, TargetFiles> filesOfModel;
    // One local copy, one writer: bumps in this process queue here; other processes are handled by retry.
    private final ReentrantLock lock = new ReentrantLock(true);

    public Bumper(GitOpsRepository repository, CommitTemplate messages, Author author, RetryPolicy retry,
                  Map<String, List<String>> globsByModel) {
        this.repository = repository;
        this.messages = messages;
        this.author = author;
        this.retry = retry;
        this.filesOfModel = model -> new TargetFiles(globsByModel.getOrDefault(model, List.of()));
    }

    public String repoUrl() {
        return repository.url();
    }

    public String branch() {
        return repository.branch();
    }

    /**
     * Bumps, or finds that the release was bumped before (by this or any other instance) and answers
     * that earlier commit. Each attempt starts from the remote branch as it is now, so a retried push
     * re-applies the edit on top of whatever won the race.
     */
    public BumpResult bump(BumpRequest request) {
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                String head = repository.sync();
                if (request.releaseId() != null) {
                    Optional<GitOpsCommit> earlier = repository.findByTrailer(CommitMessage.RELEASE_ID, request.releaseId());
                    if (earlier.isPresent() && !request.rollback()) {
                        // Bumped before: a rollback may have undone it since. Only a release bumped before can be held.
                        DeployHistory history = DeployHistory.of(request.model(),
                                repository.findAllByTrailer(CommitMessage.MODEL, request.model(), HISTORY_LIMIT));
                        Optional<String> heldBy = history.heldBy(request.releaseId());
                        if (heldBy.isPresent()) {
                            throw new BumpFailure(BumpFailure.HELD, request.releaseId() + " is held: " + heldBy.get()
                                    + " rolled it back. Lift the hold (DELETE /holds/" + request.model() + "/" + request.version()
                                    + ") to deploy it again");
                        }
                        // Undone and its hold lifted: deployed again, not replayed.
                        if (history.undone(request.releaseId())) {
                            earlier = Optional.empty();
                        }
                    }
                    if (earlier.isPresent()) {
                        BumpRecord r = record(earlier.get());
                        String written = earlier.get().trailer(CommitMessage.WRITTEN_IMAGE).orElse(r.to());
                        return new BumpResult(r.commit(), r.files(), r.from(), written, false, true);
                    }
                }
                BumpPlan plan = plan(request);
                if (plan.noop()) {
                    return new BumpResult(head, List.of(), plan.from(), plan.to(), true, false);
                }
                String commit = repository.commit(plan.changes(), messages.render(request, plan.from(), plan.to()), author);
                if (repository.push() == GitOpsRepository.PushOutcome.PUSHED) {
                    return new BumpResult(commit, plan.files(), plan.from(), plan.to(), false, false);
                }
                if (attempt >= retry.maxAttempts()) {
                    throw BumpFailure.retryable(BumpFailure.PUSH_FAILED, "push to " + repoUrl() + " was rejected "
                            + (attempt == 1 ? "once" : attempt + " times") + ": the branch '" + branch() + "' keeps moving", null);
                }
                retry.sleepAfter(attempt);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets the model back to the image before the current one, as the bump history records it. */
    public BumpResult rollback(String model) {
        lock.lock();
        try {
            repository.sync();
            ImageRef previous = previousImage(history(model, false))
                    .orElseThrow(() -> new BumpFailure(BumpFailure.NO_PREVIOUS,
                            "no earlier image of " + model + " is recorded in " + repoUrl()));
            return bump(new BumpRequest(model, previous, previous.version(), null, null, true));
        } finally {
            lock.unlock();
        }
    }

    /** The bumps of a model, newest first. */
    public List<BumpRecord> history(String model) {
        lock.lock();
        try {
            return history(model, true);
        } finally {
            lock.unlock();
        }
    }

    private List<BumpRecord> history(String model, boolean sync) {
        if (sync) {
            repository.sync();
        }
        // Hold-lift commits carry the model but no image: they are not bumps.
        return repository.findAllByTrailer(CommitMessage.MODEL, model, HISTORY_LIMIT).stream()
                .filter(c -> c.trailer(CommitMessage.IMAGE).isPresent()).map(Bumper::record).toList();
    }

    /** What the GitOps history says is deployed for the model, and its holds, as of the remote branch now. */
    public DeployHistory deployHistory(String model) {
        lock.lock();
        try {
            repository.sync();
            return DeployHistory.of(model, repository.findAllByTrailer(CommitMessage.MODEL, model, HISTORY_LIMIT));
        } finally {
            lock.unlock();
        }
    }

    /** Every model a rollback ever held releases of, for the list of holds. */
    public List<String> modelsWithRollbacks() {
        lock.lock();
        try {
            repository.sync();
            return repository.findAllWithTrailer(CommitMessage.ROLLBACK_ID, HISTORY_LIMIT).stream()
                    .map(c -> c.trailer(CommitMessage.MODEL).orElse(null)).filter(java.util.Objects::nonNull).distinct().sorted().toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The commit of a rollback, if it was made (by this or any replica), as of the last sync: callers read the
     * {@link #deployHistory} first, which syncs.
     */
    public Optional<GitOpsCommit> rollbackCommit(String rollbackId) {
        lock.lock();
        try {
            return repository.findByTrailer(CommitMessage.ROLLBACK_ID, rollbackId);
        } finally {
            lock.unlock();
        }
    }

    /** What a bump to {@code image} would change, without changing anything (a rollback's dry run). */
    public BumpResult preview(String model, ImageRef image) {
        lock.lock();
        try {
            String head = repository.sync();
            BumpPlan plan = plan(new BumpRequest(model, image, image.version(), null, null, true));
            return new BumpResult(head, plan.files(), plan.from(), plan.to(), plan.noop(), false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lifts the hold on a release with an empty commit (trailers {@code Relay-Model}, {@code Relay-Hold-Lifted}):
     * the hold is in the GitOps history, so is its end, with who lifted it and when.
     *
     * @return the commit
     */
    public String liftHold(String model, String releaseId) {
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                repository.sync();
                Map<String, String> trailers = new java.util.LinkedHashMap<>();
                trailers.put(CommitMessage.MODEL, model);
                trailers.put(CommitMessage.HOLD_LIFTED, releaseId);
                String commit = repository.commit(Map.of(), new CommitMessage("Lift the hold on " + releaseId, trailers), author);
                if (repository.push() == GitOpsRepository.PushOutcome.PUSHED) {
                    return commit;
                }
                if (attempt >= retry.maxAttempts()) {
                    throw BumpFailure.retryable(BumpFailure.PUSH_FAILED, "push to " + repoUrl() + " was rejected "
                            + attempt + " times: the branch '" + branch() + "' keeps moving", null);
                }
                retry.sleepAfter(attempt);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replays the history oldest first as a stack: a bump pushes its image, a rollback pops the
     * current one. What lies under the top is the image before the current.
     */
    static Optional<ImageRef> previousImage(List<BumpRecord> newestFirst) {
        Deque<String> stack = new ArrayDeque<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            BumpRecord r = newestFirst.get(i);
            if (r.rollback()) {
                if (!stack.isEmpty()) {
                    stack.pop();
                }
            } else if (stack.isEmpty() && r.from() != null) {
                stack.push(r.from());
            }
            if (stack.isEmpty() || !stack.peek().equals(r.to())) {
                stack.push(r.to());
            }
        }
        if (stack.size() < 2) {
            return Optional.empty();
        }
        stack.pop();
        return ImageRef.tryParse(stack.peek());
    }

    private static BumpRecord record(GitOpsCommit c) {
        return new BumpRecord(c.id(), c.at(), c.author(), c.trailer(CommitMessage.MODEL).orElse(null),
                c.trailer(CommitMessage.RELEASE_ID).orElse(null), c.trailer(CommitMessage.SOURCE_COMMIT).orElse(null),
                c.trailer(CommitMessage.PREVIOUS_IMAGE).orElse(null), c.trailer(CommitMessage.IMAGE).orElse(null),
                c.trailer(CommitMessage.ROLLBACK).isPresent(), c.files());
    }

    private BumpPlan plan(BumpRequest request) {
        BumpTarget target = new BumpTarget(request.model(), request.image());
        BumpPlan plan = planner.plan(repository.files(filesOfModel.apply(request.model())::matches), target);
        if (!plan.found()) {
            throw new BumpFailure(BumpFailure.NO_TARGET, "no reference to " + request.image().repository()
                    + " (nor a '# relay: " + request.model() + "' marker) in " + plan.searched() + " YAML files of "
                    + repoUrl() + "@" + branch());
        }
        return plan;
    }
}
