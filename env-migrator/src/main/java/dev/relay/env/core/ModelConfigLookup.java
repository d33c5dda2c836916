package dev.relay.env.core;

import dev.relay.events.ModelConfig;
import dev.relay.events.Redaction;
import dev.relay.events.stage.StageFailure;

/**
 * Which relay.yaml a verification checks against. The one an event carries (image-builder read it at
 * the tagged commit) is used as it is and git is never touched; only without it (an older producer, a
 * verification by hand) is the file read from the model's repository. Either way its {@code python}
 * must be a specifier set env-migrator can evaluate.
 */
public final class ModelConfigLookup {

    /** {@link Found#from()} of a relay.yaml that came with the event. */
    public static final String FROM_EVENT = "image.built";

    /**
     * @param config what to check against; {@link ModelConfig#ABSENT} when there is nothing or it is unusable
     * @param error  why relay.yaml could not be used, or null
     * @param from   where it was read: {@value #FROM_EVENT} or {@code <repo>@<commit>} (credentials redacted); null when nowhere
     */
    public record Found(ModelConfig config, String error, String from) {
    }

    private final ModelConfigSource git;

    public ModelConfigLookup(ModelConfigSource git) {
        this.git = git;
    }

    /**
     * @param carried the event's relay.yaml, null when the producer did not read it
     * @param repo    where to read it otherwise (null: nowhere to read it from)
     */
    public Found find(ModelConfig carried, String repo, String commit) {
        if (carried != null) {
            return usable(carried, FROM_EVENT);
        }
        if (repo == null || commit == null) {
            return new Found(ModelConfig.ABSENT, null, null);
        }
        String from = Redaction.redact(repo) + "@" + commit;
        ModelConfig read;
        try {
            read = git.load(repo, commit);
        } catch (StageFailure e) {
            // Unreadable repository (ConfigException) or invalid file (InvalidModelConfigException): a failed check.
            return new Found(ModelConfig.ABSENT, Redaction.redact(e.getMessage()), from);
        }
        return usable(read, from);
    }

    private static Found usable(ModelConfig config, String from) {
        if (config.python() != null) {
            try {
                PythonConstraint.parse(config.python());
            } catch (IllegalArgumentException e) {
                return new Found(ModelConfig.ABSENT, "relay.yaml: 'python': " + e.getMessage(), from);
            }
        }
        return new Found(config, null, from);
    }
}
