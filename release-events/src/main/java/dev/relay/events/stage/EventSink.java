package dev.relay.events.stage;

import dev.relay.events.RelayEvent;

/**
 * Where a stage's events go: every service's {@code messaging/EventPublisher} implements it (key =
 * model, CloudEvents headers, the topic of the event's type).
 */
@FunctionalInterface
public interface EventSink {

    /**
     * Publishes one event and returns once the broker has acknowledged it.
     *
     * @throws PublishFailedException when the broker did not take it; the consumed record must then
     *                                not be acknowledged, so the release is tried again
     */
    void publish(RelayEvent event);

    /** The broker did not take an event. Never a reason to dead-letter the record that caused it. */
    class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
