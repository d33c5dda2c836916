package dev.relay.modelinfo.core;

import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Predicate;

/** The files of one commit, read from its tree (no checkout). Close it when done. */
public interface CommitFiles extends AutoCloseable {

    /** The content of a regular file, or empty when the path is absent or a folder. */
    Optional<byte[]> file(String path);

    /**
     * The regular files directly in a folder whose names {@code names} accepts, by name; empty when the
     * folder does not exist. Sub-folders are not entered.
     */
    SortedMap<String, byte[]> folder(String path, Predicate<String> names);

    @Override
    void close();
}
