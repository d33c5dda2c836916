package dev.relay.bumper.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A commit message: the subject, then git trailers ({@code Key: value} lines after a blank line)
 * that make the GitOps history machine-readable: idempotency, rollback, the bump history.
 */
public record CommitMessage(String subject, Map<String, String> trailers) {

    public static final String RELEASE_ID = "Relay-Release-Id";
    public static final String SOURCE_COMMIT = "Relay-Source-Commit";
    public static final String MODEL = "Relay-Model";
    public static final String IMAGE = "Relay-Image";
    public static final String PREVIOUS_IMAGE = "Relay-Previous-Image";
    /** The reference as written, when it differs from {@link #IMAGE} (a tag-only manifest gets no digest). */
    public static final String WRITTEN_IMAGE = "Relay-Written-Image";
    public static final String ROLLBACK = "Relay-Rollback";
    /** The model repository of the release, so a rollback can name the target release in full. */
    public static final String SOURCE_REPO = "Relay-Source-Repo";
    /** Migrations the release applied that have no {@code down} (from modelinfo.migrated), comma-separated. */
    public static final String IRREVERSIBLE = "Relay-Irreversible-Migrations";
    /** On a rollback's commit: its id, the version rolled back from and the one rolled back to. */
    public static final String ROLLBACK_ID = "Relay-Rollback-Id";
    public static final String ROLLBACK_OF = "Relay-Rollback-Of";
    public static final String ROLLBACK_TO = "Relay-Rollback-To";
    /**
     * On a campaign rollout's commit: the campaign's id ({@code Relay-Release-Id} is the rollout's own id, which
     * names the step), so {@code git log --grep 'Relay-Campaign-Id: <id>'} lists what a campaign changed.
     */
    public static final String CAMPAIGN_ID = "Relay-Campaign-Id";
    /** On a rollback's commit: the release ids it undid, held until lifted, comma-separated. */
    public static final String HELD = "Relay-Held";
    /** An empty commit that lifts a hold: the model (not {@link #MODEL}: it bumps nothing) and the release id. */
    public static final String HOLD_MODEL = "Relay-Hold-Model";
    public static final String HOLD_LIFTED = "Relay-Hold-Lifted";

    public CommitMessage {
        subject = subject.strip();
        trailers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(trailers));
    }

    /** The full message as git stores it. */
    public String text() {
        StringBuilder message = new StringBuilder(subject).append("\n\n");
        trailers.forEach((k, v) -> message.append(k).append(": ").append(v).append('\n'));
        return message.toString();
    }
}
