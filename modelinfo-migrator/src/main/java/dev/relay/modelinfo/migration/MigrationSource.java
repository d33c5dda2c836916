package dev.relay.modelinfo.migration;

import java.util.List;

/** The migration files of a model repository at one commit, parsed and validated. */
public interface MigrationSource {

    /**
     * @throws MigrationException {@code checkout-failed} when the commit cannot be read,
     *                            {@code migration-invalid} when a file is invalid (nothing has run yet)
     */
    List<Migration> read(String repoUrl, String commit);
}
