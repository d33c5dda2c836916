package dev.relay.events.stage;

import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.StageEvents;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;

/**
 * The skeleton every stage runs on, for its consumer and its REST path alike. For one input event it
 * publishes, in this order and whatever happens:
 *
 * <ol>
 *   <li>{@code release.status} {@code started};</li>
 *   <li>the outcome: the stage's result event, or {@code release.failed};</li>
 *   <li>{@code release.status} {@code succeeded} or {@code failed}.</li>
 * </ol>
 *
 * <p><b>The replay rule.</b> A release whose outcome is stored for the same commit (at-least-once
 * delivery, a repeated request) is not worked on again: the runner publishes the same three events, with the stored
 * outcome in the middle, so every stage shows a re-delivery the same way. Outcomes are stored
 * before they are published, except retryable failures and internal errors, which a re-delivery
 * tries again.
 *
 * <p>A {@link StageFailure} becomes {@code release.failed} with its reason, message and detail.
 * Anything else becomes {@value StageFailure#INTERNAL_ERROR} with a message that names only the
 * exception's class: exception texts can carry connection strings or URLs with credentials. The
 * exception itself goes to the service log. A failure to publish is never caught: it leaves the
 * runner as {@link EventSink.PublishFailedException}, and the consumed record must not be acknowledged.
 *
 * @param <I> the event the stage consumes
 */
public final class StageRunner<I extends RelayEvent> {

    private static final System.Logger LOG = System.getLogger(StageRunner.class.getName());

    private final StageEvents events;
    private final Stage<I> stage;
    private final StageResults results;
    private final EventSink sink;
    private final StageListener listener;

    public StageRunner(StageEvents events, Stage<I> stage, StageResults results, EventSink sink, StageListener listener) {
        this.events = events;
        this.stage = stage;
        this.results = results;
        this.sink = sink;
        this.listener = listener;
    }

    public StageRunner(StageEvents events, Stage<I> stage, StageResults results, EventSink sink) {
        this(events, stage, results, sink, StageListener.NONE);
    }

    public String stageName() {
        return events.stage();
    }

    /**
     * Runs the stage for one input and publishes its events.
     *
     * @return the outcome that was published (the result event or a {@code ReleaseFailed})
     * @throws EventSink.PublishFailedException when an event could not be published
     */
    public RelayEvent run(I input) {
        Release release = input.release();
        long start = System.nanoTime();
        Optional<RelayEvent> earlier = stored(release);
        sink.publish(events.started(release));
        RelayEvent outcome;
        String result;
        if (earlier.isPresent()) {
            outcome = earlier.get();
            result = "replayed";
            LOG.log(Level.INFO, () -> release.releaseId() + " reached " + stageName() + " before; re-publishing its outcome");
        } else {
            outcome = work(input);
            result = outcome instanceof ReleaseFailed ? "failed" : "succeeded";
        }
        sink.publish(outcome);
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean failed = outcome instanceof ReleaseFailed;
        sink.publish(failed ? events.failed(release, millis) : events.succeeded(release, millis));
        notify(result, failed ? ((ReleaseFailed) outcome).reason() : "none", millis);
        return outcome;
    }

    private RelayEvent work(I input) {
        Release release = input.release();
        try {
            RelayEvent outcome = stage.run(input);
            if (outcome == null || !outcome.release().releaseId().equals(release.releaseId())) {
                throw new IllegalStateException(stageName() + " returned no result for " + release.releaseId());
            }
            save(release.releaseId(), outcome);
            return outcome;
        } catch (EventSink.PublishFailedException e) {
            throw e;
        } catch (StageFailure f) {
            LOG.log(Level.WARNING, () -> release.releaseId() + " failed in " + stageName() + " (" + f.reason() + "): " + f.getMessage());
            ReleaseFailed failed = events.failure(release, f.reason(), f.getMessage(), f.detail());
            if (!f.retryable()) {
                save(release.releaseId(), failed);
            }
            return failed;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.ERROR, release.releaseId() + ": " + stageName() + " failed unexpectedly", e);
            return events.failure(release, StageFailure.INTERNAL_ERROR, StageFailure.internalErrorMessage(stageName(), e), null);
        }
    }


    /**
     * The stored outcome of this release: same id and same commit. An outcome of the same id at another
     * commit belongs to a tag that was deleted and pushed again, or to an earlier installation whose
     * state (images, documents) outlived it: it is not this release's, and the stage works it again.
     */
    private Optional<RelayEvent> stored(Release release) {
        Optional<RelayEvent> found;
        try {
            found = results.find(release.releaseId());
        } catch (RuntimeException e) {
            // The store is away: the work below meets the same problem and reports it as a failure.
            LOG.log(Level.WARNING, "could not look up the earlier outcome of " + release.releaseId() + " in " + stageName(), e);
            return Optional.empty();
        }
        if (found.isPresent() && !Objects.equals(found.get().release().commit(), release.commit())) {
            LOG.log(Level.WARNING, () -> release.releaseId() + " reached " + stageName() + " before at commit "
                    + found.get().release().commit() + ", now at " + release.commit() + "; working it again");
            return Optional.empty();
        }
        return found;
    }

    private void save(String releaseId, RelayEvent outcome) {
        try {
            results.save(releaseId, outcome);
        } catch (RuntimeException e) {
            // Publishing matters more: a re-delivery redoes idempotent work, a lost result loses the release.
            LOG.log(Level.WARNING, "could not store the outcome of " + releaseId + " in " + stageName(), e);
        }
    }

    private void notify(String result, String reason, long millis) {
        try {
            listener.finished(stageName(), result, reason, millis);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "stage listener failed", e);
        }
    }
}
