package dev.relay.builder.core;

import dev.relay.events.RebuildRequested;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseTagged;
import dev.relay.events.stage.StageRunner;
import dev.relay.events.stage.ModelLanes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where releases and campaign rebuilds wait for a build, from the consumers and the REST API alike: one model at a
 * time, in arrival order whatever the kind (so a campaign's rebuild neither races nor starves a release of the same
 * model), models in parallel up to the lanes' concurrency ({@link ModelLanes}), never on a Kafka or event-loop thread.
 * Each goes through the {@link StageRunner} of its event type.
 */
public final class BuildQueue implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BuildQueue.class.getName());

    private final StageRunner<ReleaseTagged> releases;
    private final StageRunner<RebuildRequested> rebuilds;
    private final ModelLanes lanes;
    private final BuildStates states;
    private final Consumer<RelayEvent> onOutcome;
    private final Function<Supplier<RelayEvent>, RelayEvent> delivery;

    /**
     * @param lanes     their concurrency is the parallelism; closed with the queue
     * @param onOutcome told every published outcome, e.g. to count builds
     */
    public BuildQueue(StageRunner<ReleaseTagged> releases, StageRunner<RebuildRequested> rebuilds, ModelLanes lanes,
                      BuildStates states, Consumer<RelayEvent> onOutcome) {
        this(releases, rebuilds, lanes, states, onOutcome, Supplier::get);
    }

    /**
     * @param delivery runs one stage run; the service's wraps it in its publish retry, so a build whose
     *                 events could not be published is tried again on its build thread instead of being nacked
     */
    public BuildQueue(StageRunner<ReleaseTagged> releases, StageRunner<RebuildRequested> rebuilds, ModelLanes lanes,
                      BuildStates states, Consumer<RelayEvent> onOutcome, Function<Supplier<RelayEvent>, RelayEvent> delivery) {
        this.releases = releases;
        this.rebuilds = rebuilds;
        this.lanes = lanes;
        this.states = states;
        this.onOutcome = onOutcome;
        this.delivery = delivery;
    }

    /**
     * Queues a release. The future completes with the published outcome once every event of the
     * run is on the broker, or exceptionally when one could not be published.
     */
    public CompletableFuture<RelayEvent> submit(ReleaseTagged input) {
        return enqueue(input, releases);
    }

    /** Queues a campaign's rebuild behind the model's earlier builds; its state is kept under the campaign release id. */
    public CompletableFuture<RelayEvent> submit(RebuildRequested input) {
        return enqueue(input, rebuilds);
    }

    /** What a consumer returns: the next record is taken while few enough builds are waiting ({@link ModelLanes#admission()}). */
    public CompletionStage<Void> admission() {
        return lanes.admission();
    }

    public BuildStates states() {
        return states;
    }

    private <I extends RelayEvent> CompletableFuture<RelayEvent> enqueue(I input, StageRunner<I> runner) {
        states.queued(input.release().releaseId());
        return lanes.submit(input.release().model(), () -> run(input, runner));
    }

    private <I extends RelayEvent> RelayEvent run(I input, StageRunner<I> runner) {
        String releaseId = input.release().releaseId();
        states.building(releaseId);
        try {
            RelayEvent outcome = delivery.apply(() -> runner.run(input));
            states.finished(releaseId, outcome);
            tell(outcome);
            return outcome;
        } catch (RuntimeException | LinkageError e) {
            // Whatever breaks, GET /builds never shows a release stuck in 'building'.
            states.unpublished(releaseId, "the events of this build could not be published ("
                    + e.getClass().getSimpleName() + "); it runs again when the record is delivered again");
            throw e;
        }
    }

    private void tell(RelayEvent outcome) {
        try {
            onOutcome.accept(outcome);
        } catch (RuntimeException e) {
            // The events are out; a metric that could not be counted must not nack the record.
            LOG.log(System.Logger.Level.DEBUG, "could not count an outcome", e);
        }
    }

    @Override
    public void close() {
        lanes.close();
    }
}
