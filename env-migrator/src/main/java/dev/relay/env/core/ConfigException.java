package dev.relay.env.core;

/** relay.yaml could not be read or is wrong; reported as a failed check, never swallowed. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
