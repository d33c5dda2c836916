package dev.relay.builder.core;

import java.nio.file.Path;
import java.util.Optional;

/** The model repository, as the builder needs it. */
public interface SourceCheckout {

    /**
     * The commit {@code tag} points at on the server now (an annotated tag peeled to its commit).
     *
     * @return empty when the repository has no such tag
     * @throws BuildFailure {@code repo-unreachable}
     */
    Optional<String> resolveTag(String repoUrl, String tag);

    /**
     * Fetches {@code tag} from {@code repoUrl} and writes the files of {@code commit}, which the tag
     * must still point at, into {@code into}.
     *
     * @throws BuildFailure {@code tag-moved}, {@code unknown-tag} or {@code repo-unreachable}
     */
    void checkout(String repoUrl, String tag, String commit, Path into);
}
