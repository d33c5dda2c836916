package dev.relay.events;

import dev.relay.events.stage.StageFailure;

/** A relay.yaml that is not YAML, is too large, or has a key of the wrong type; the message names the key. */
public class InvalidModelConfigException extends StageFailure {

    /** The {@code release.failed} reason, the same in every stage. */
    public static final String REASON = "invalid-relay-yaml";

    public InvalidModelConfigException(String message) {
        super(REASON, message, null);
    }
}
