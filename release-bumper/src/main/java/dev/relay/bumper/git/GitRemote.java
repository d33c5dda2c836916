package dev.relay.bumper.git;

import dev.relay.events.Redaction;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Where the GitOps repository lives and how to authenticate. {@link #toString()} and
 * {@link #safeUrl()} never show the credentials; {@link #redact(String)} scrubs them from any text
 * (JGit's exception messages included) before it reaches a log, an event or an HTTP answer.
 */
public final class GitRemote {

    private final String url;
    private final String branch;
    private final String username;
    private final String token;
    private final Duration timeout;

    public GitRemote(String url, String branch, String username, String token, Duration timeout) {
        this.url = url;
        this.branch = branch;
        this.username = username;
        this.token = token;
        this.timeout = timeout;
    }

    public String url() {
        return url;
    }

    public String branch() {
        return branch;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The URL with any user info replaced by {@code ***}, fit for events and logs. */
    public String safeUrl() {
        return Redaction.redact(url);
    }

    public Optional<CredentialsProvider> credentials() {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UsernamePasswordCredentialsProvider(username == null || username.isEmpty() ? "git" : username, token));
    }

    /** Removes the token, the raw URL and the user info of any URL from {@code text}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        // The configured token may show up on its own (not inside a URL), e.g. echoed by a server.
        if (token != null && !token.isEmpty()) {
            out = out.replace(token, "***");
        }
        return Redaction.redact(out.replace(url, safeUrl()));
    }

    /** A stable directory name for this remote's cached clone. */
    public String cacheKey() {
        String path = URI.create(safeUrl().replace(" ", "%20")).getPath();
        String name = path == null ? "repo" : path.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return (name.isEmpty() ? "repo" : name) + "-" + Integer.toHexString((safeUrl() + "#" + branch).hashCode());
    }

    @Override
    public String toString() {
        return safeUrl() + "@" + branch;
    }
}
