package dev.relay.modelinfo.core;

/**
 * Port: a model repository's files at one commit. The adapter ({@code git/GitModelRepository}) fetches
 * only that commit, shallow, into a cache; a release reads its migrations through it, and so will a
 * rollback at the commits of older releases.
 */
public interface ModelRepository {

    /**
     * Makes the commit readable and opens it.
     *
     * @throws MigrationException {@code checkout-failed} when the commit cannot be fetched (retryable),
     *                            {@code tag-moved} when the tag points at another commit
     */
    CommitFiles open(CommitRef ref);
}
