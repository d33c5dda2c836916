package dev.relay.bumper.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The commit message of a bump: a subject from a template, then trailers that make the history
 * machine-readable (idempotency, rollback, the bump history endpoint).
 */
public final class CommitMessage {

    public static final String RELEASE_ID = "Relay-Release-Id";
    public static final String SOURCE_COMMIT = "Relay-Source-Commit";
    public static final String MODEL = "Relay-Model";
    public static final String IMAGE = "Relay-Image";
    public static final String PREVIOUS_IMAGE = "Relay-Previous-Image";
    public static final String ROLLBACK = "Relay-Rollback";

    private final String template;

    /** Placeholders: {@code {model}}, {@code {version}}, {@code {image}}, {@code {releaseId}}. */
    public CommitMessage(String template) {
        this.template = template;
    }

    public String render(BumpRequest request, String from) {
        String subject = template
                .replace("{model}", request.model())
                .replace("{version}", request.version())
                .replace("{image}", request.image().toString())
                .replace("{releaseId}", request.releaseId() == null ? "" : request.releaseId());
        if (request.rollback()) {
            subject = "Roll back " + request.model() + " to " + request.version();
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        if (request.releaseId() != null) {
            trailers.put(RELEASE_ID, request.releaseId());
        }
        if (request.sourceCommit() != null) {
            trailers.put(SOURCE_COMMIT, request.sourceCommit());
        }
        trailers.put(MODEL, request.model());
        trailers.put(IMAGE, request.image().toString());
        if (from != null) {
            trailers.put(PREVIOUS_IMAGE, from);
        }
        if (request.rollback()) {
            trailers.put(ROLLBACK, "true");
        }
        StringBuilder message = new StringBuilder(subject.strip()).append("\n\n");
        trailers.forEach((k, v) -> message.append(k).append(": ").append(v).append('\n'));
        return message.toString();
    }
}
