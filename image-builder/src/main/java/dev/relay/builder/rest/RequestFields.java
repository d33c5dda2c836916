package dev.relay.builder.rest;

import dev.relay.events.Campaign;
import dev.relay.events.EventValidator;
import dev.relay.events.problem.Problem;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of request fields that the contract's {@link EventValidator} does not make on its own: lengths
 * (checked first, so an oversized value is never echoed back), release ids ({@code <model>@<version>}, each
 * part by the contract's rules) and the shape of a repository URL (the contract only refuses credentials in it).
 */
final class RequestFields {

    /** Names, tags and ids: a git tag is one path component of at most 255 bytes on common file systems. */
    static final int TEXT_MAX = 255;
    /** {@code <model>@<version>}. */
    static final int RELEASE_ID_MAX = 63 + 1 + TEXT_MAX;
    /** {@code <model>@<version>~campaign-<id>}, the id of a campaign's rebuild. */
    static final int CAMPAIGN_RELEASE_ID_MAX = RELEASE_ID_MAX + Campaign.MARKER.length() + 40;
    static final int URL_MAX = 2048;

    /**
     * What JGit fetches from: {@code http(s)://}, {@code ssh://}, {@code git://} with a host, {@code file:} URLs,
     * scp-like {@code [user@]host:path} and absolute paths; never whitespace or control characters.
     */
    private static final Pattern REPO_URL = Pattern.compile(
            "(?i:https?|ssh|git|git\\+ssh|ssh\\+git)://[^/?#\\s]+(?:[/?#]\\S*)?"
                    + "|(?i:file):\\S+"
                    + "|(?:[A-Za-z0-9._~-]+@)?[A-Za-z0-9.-]+:(?!//)\\S+"
                    + "|/\\S*");

    private RequestFields() {
    }

    /** {@code value}, when it is not longer than {@code max} characters (null passes: the field's own check says it is required). */
    static String bounded(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ProblemException(Problem.invalid(field, "is longer than " + max + " characters"));
        }
        return value;
    }

    /** A repository URL that git can fetch from and that carries no credentials (the contract's rule). */
    static String repoUrl(String field, String url) {
        EventValidator.repoUrl(field, bounded(field, url, URL_MAX));
        if (!REPO_URL.matcher(url).matches()) {
            String shown = url.length() <= 80 ? url : url.substring(0, 80) + "…";
            throw new ProblemException(Problem.invalid(field, "'" + shown + "' is not a repository URL"
                    + " (http(s)://, ssh://, git://, file:, [user@]host:path or an absolute path)"));
        }
        return url;
    }

    /**
     * {@code <model>@<version>}: the model a model name, the version a valid git tag, as in every event; or a campaign
     * rebuild's {@code <model>@<version>~campaign-<id>}, whose release part follows the same rules.
     */
    static String releaseId(String field, String releaseId) {
        if (releaseId == null || releaseId.isBlank()) {
            throw new ProblemException(Problem.invalid(field, "is required (a release id, <model>@<version>)"));
        }
        bounded(field, releaseId, CAMPAIGN_RELEASE_ID_MAX);
        Optional<Campaign.Id> campaign = Campaign.parse(releaseId).filter(id -> id.step() == Campaign.Step.rebuild);
        if (campaign.isPresent()) {
            releaseOnly(field, campaign.get().releaseId());
            return releaseId;
        }
        return releaseOnly(field, releaseId);
    }

    private static String releaseOnly(String field, String releaseId) {
        bounded(field, releaseId, RELEASE_ID_MAX);
        int at = releaseId.indexOf('@');
        if (at <= 0) {
            throw new ProblemException(Problem.invalid(field, "'" + releaseId + "' is not a release id (<model>@<version>)"));
        }
        EventValidator.model(field, releaseId.substring(0, at));
        String version = releaseId.substring(at + 1);
        if (version.isEmpty()) {
            throw new ProblemException(Problem.invalid(field, "'" + releaseId + "' names no version (<model>@<version>)"));
        }
        if (version.length() > TEXT_MAX) {
            throw new ProblemException(Problem.invalid(field, "names a version longer than " + TEXT_MAX + " characters"));
        }
        EventValidator.version(field, version);
        return releaseId;
    }
}
