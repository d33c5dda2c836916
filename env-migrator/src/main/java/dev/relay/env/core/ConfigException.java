package dev.relay.env.core;

import dev.relay.events.stage.StageFailure;

/**
 * relay.yaml could not be read (repository, commit or transport) or is wrong for env-migrator (its
 * {@code python} is not a PEP 440 specifier set). Never swallowed: it becomes the failed
 * {@value EnvironmentChecks#RELAY_YAML} check, so the release fails as {@value VerifyStage#ENV_MISMATCH}
 * next to the other checks' findings, which is the reason it carries.
 */
public class ConfigException extends StageFailure {

    public ConfigException(String message) {
        super(VerifyStage.ENV_MISMATCH, message, null);
    }

    public ConfigException(String message, Throwable cause) {
        super(VerifyStage.ENV_MISMATCH, message, null, cause);
    }
}
