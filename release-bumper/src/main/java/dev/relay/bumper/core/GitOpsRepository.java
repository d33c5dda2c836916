package dev.relay.bumper.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Predicate;

/**
 * The port to the GitOps repository: one branch of one remote, worked on through a local copy. The
 * adapter ({@code git/JGitGitOpsRepository}) reports every problem as a {@link BumpFailure} whose
 * text carries no credentials. Not thread-safe: the {@link Bumper} serialises its calls.
 */
public interface GitOpsRepository extends AutoCloseable {

    /** What a push came to. */
    enum PushOutcome {
        PUSHED,
        /** The remote moved on (someone else pushed first): sync, re-apply and push again. */
        REJECTED
    }

    /** The remote's URL without credentials, fit for events and logs. */
    String url();

    String branch();

    /** Makes the local copy exactly the remote branch (fetch, hard reset, clean); returns its head commit. */
    String sync();

    /** The synced branch's files whose path ('/'-separated, relative) passes {@code paths}: path to bytes, by path. */
    SortedMap<String, byte[]> files(Predicate<String> paths);

    /** Writes the files (path to new bytes) and commits them locally; returns the new commit's id. */
    String commit(Map<String, byte[]> files, CommitMessage message, Author author);

    /** Pushes the local branch; a push the server declines for another reason than a lost race is a {@link BumpFailure}. */
    PushOutcome push();

    /** The newest commit of the synced branch with the trailer {@code key: value}. */
    Optional<GitOpsCommit> findByTrailer(String key, String value);

    /** The commits of the synced branch with the trailer {@code key: value}, newest first, at most {@code limit}. */
    List<GitOpsCommit> findAllByTrailer(String key, String value, int limit);

    /** Commits, newest first, that carry the trailer with any value (say every rollback's commit). */
    default List<GitOpsCommit> findAllWithTrailer(String key, int limit) {
        return List.of();
    }

    /** The branch head on the remote, without fetching (readiness); empty when the branch does not exist. */
    Optional<String> remoteHead();

    @Override
    default void close() {
    }

    /** The repository of a service started without relay.gitops.repo-url: every operation fails with {@code gitops-not-configured}. */
    static GitOpsRepository notConfigured() {
        return new NotConfigured();
    }

    /** See {@link #notConfigured()}. */
    final class NotConfigured implements GitOpsRepository {

        private NotConfigured() {
        }

        private static BumpFailure failure() {
            return new BumpFailure(BumpFailure.NOT_CONFIGURED, "relay.gitops.repo-url is not set");
        }

        @Override
        public String url() {
            return "(relay.gitops.repo-url is not set)";
        }

        @Override
        public String branch() {
            return "";
        }

        @Override
        public String sync() {
            throw failure();
        }

        @Override
        public SortedMap<String, byte[]> files(Predicate<String> paths) {
            throw failure();
        }

        @Override
        public String commit(Map<String, byte[]> files, CommitMessage message, Author author) {
            throw failure();
        }

        @Override
        public PushOutcome push() {
            throw failure();
        }

        @Override
        public Optional<GitOpsCommit> findByTrailer(String key, String value) {
            throw failure();
        }

        @Override
        public List<GitOpsCommit> findAllByTrailer(String key, String value, int limit) {
            throw failure();
        }

        @Override
        public Optional<String> remoteHead() {
            throw failure();
        }
    }
}
