package dev.relay.modelinfo.core;

import dev.relay.events.Release;

/**
 * One commit of a model repository, and the tag that should point at it.
 *
 * @param repoUrl where the repository lives (never with credentials: those are the service's configuration)
 * @param commit  the full commit id
 * @param tag     the release's tag, or null (a commit given by hand): with a tag, only the tag is fetched and
 *                it must still point at {@code commit}
 */
public record CommitRef(String repoUrl, String commit, String tag) {

    /** The release's commit, fetched through its tag. */
    public static CommitRef of(Release release) {
        return new CommitRef(release.repoUrl(), release.commit(), release.version());
    }
}
