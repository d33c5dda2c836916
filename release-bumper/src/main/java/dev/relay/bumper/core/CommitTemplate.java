package dev.relay.bumper.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** Renders the commit message of a bump from the configured subject template (relay.gitops.commit-message). */
public final class CommitTemplate {

    private final String template;

    /** Placeholders: {@code {model}}, {@code {version}}, {@code {image}}, {@code {releaseId}}. */
    public CommitTemplate(String template) {
        this.template = template;
    }

    /**
     * @param from the reference found before the bump
     * @param to   the reference written (the request's image in the form the manifest keeps)
     */
    public CommitMessage render(BumpRequest request, String from, String to) {
        String subject = request.rollback()
                ? "Roll back " + request.model() + " to " + request.version()
                : template.replace("{model}", request.model())
                        .replace("{version}", request.version())
                        .replace("{image}", request.image().toString())
                        .replace("{releaseId}", request.releaseId() == null ? "" : request.releaseId());
        Map<String, String> trailers = new LinkedHashMap<>();
        if (request.releaseId() != null) {
            trailers.put(CommitMessage.RELEASE_ID, request.releaseId());
        }
        if (request.sourceCommit() != null) {
            trailers.put(CommitMessage.SOURCE_COMMIT, request.sourceCommit());
        }
        trailers.put(CommitMessage.MODEL, request.model());
        trailers.put(CommitMessage.IMAGE, request.image().toString());
        if (from != null) {
            trailers.put(CommitMessage.PREVIOUS_IMAGE, from);
        }
        if (to != null && !to.equals(request.image().toString())) {
            // so that a replay from the history answers the same 'to' as the bump did
            trailers.put(CommitMessage.WRITTEN_IMAGE, to);
        }
        if (request.rollback()) {
            trailers.put(CommitMessage.ROLLBACK, "true");
        }
        trailers.putAll(request.trailers());
        return new CommitMessage(subject, trailers);
    }
}
