package dev.relay.modelinfo.messaging;

import dev.relay.events.EventCodec;
import dev.relay.events.GitOpsReverted;
import dev.relay.events.stage.PublishRetry;
import dev.relay.events.stage.StageDelivery;
import dev.relay.events.stage.StageRunner;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * gitops.reverted in: a rollback whose GitOps part is done. A record whose {@code ce_type} header is missing
 * or wrong, or that does not decode or validate, is nacked with the InvalidEventException, which sends it to
 * gitops.reverted.dlq with the reason (naming the field) in its headers. A valid record goes to the rollback's
 * StageRunner (RevertStage) and is acknowledged once its events are published.
 *
 * <p>The contract's {@link StageDelivery} does the work: decode, nack what is invalid, run the stage until its
 * events are published, ack. {@code ordered}: one model's records are handled in the order they arrive.
 */
@ApplicationScoped
public class GitOpsRevertedConsumer {

    private final StageDelivery<GitOpsReverted> delivery;

    public GitOpsRevertedConsumer(StageRunner<GitOpsReverted> runner, EventCodec codec, PublishRetry publishRetry) {
        this.delivery = new StageDelivery<>(GitOpsReverted.class, runner, publishRetry, codec);
    }

    @Incoming("gitops-reverted")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        return delivery.deliver(message);
    }
}
