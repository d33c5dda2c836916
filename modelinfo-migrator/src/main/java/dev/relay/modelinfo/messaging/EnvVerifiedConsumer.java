package dev.relay.modelinfo.messaging;

import dev.relay.events.EnvVerified;
import dev.relay.events.EventCodec;
import dev.relay.modelinfo.migration.ReleaseProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * env.verified in. A record that does not decode or validate is nacked with the
 * InvalidEventException, which sends it to env.verified.dlq with the reason in its headers.
 */
@ApplicationScoped
public class EnvVerifiedConsumer {

    private final EventCodec codec;
    private final ReleaseProcessor processor;
    private final EventPublisher publisher;

    public EnvVerifiedConsumer(EventCodec codec, ReleaseProcessor processor, EventPublisher publisher) {
        this.codec = codec;
        this.processor = processor;
        this.publisher = publisher;
    }

    @Incoming("env-verified")
    @Blocking // ordered: one model's releases are migrated in the order they arrive
    public void consume(String payload) {
        EnvVerified event = codec.decode(EnvVerified.class, payload);
        processor.process(event, publisher::publish);
    }
}
