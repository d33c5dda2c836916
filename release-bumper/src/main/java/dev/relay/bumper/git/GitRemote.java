package dev.relay.bumper.git;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Where the GitOps repository lives and how to authenticate. {@link #toString()} and
 * {@link #safeUrl()} never show the credentials; {@link #redact(String)} scrubs them from any text
 * (JGit's exception messages included) before it reaches a log, an event or an HTTP answer.
 */
public final class GitRemote {

    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

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

    /** The URL without any user info, fit for events and logs. */
    public String safeUrl() {
        return USER_INFO.matcher(url).replaceAll("$1");
    }

    public Optional<CredentialsProvider> credentials() {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UsernamePasswordCredentialsProvider(username == null || username.isEmpty() ? "git" : username, token));
    }

    /** Removes the token, the user info of any URL and the raw URL from {@code text}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (token != null && !token.isEmpty()) {
            out = out.replace(token, "***");
        }
        out = out.replace(url, safeUrl());
        out = USER_INFO.matcher(out).replaceAll("$1");
        return out;
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
