package dev.relay.builder.core;

import java.nio.file.Path;

/** Brings the files of a tagged commit onto disk. */
public interface SourceCheckout {

    /**
     * Fetches {@code tag} from {@code repoUrl} and writes the files of the commit it points at into
     * {@code into}.
     *
     * @param expectedCommit the commit the tag must still point at, or null to take whatever it points at
     * @return the commit that was checked out
     * @throws BuildFailure {@code tag-moved}, {@code unknown-tag} or {@code repo-unreachable}
     */
    String checkout(String repoUrl, String tag, String expectedCommit, Path into);
}
