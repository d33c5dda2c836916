package dev.relay.modelinfo.core;

import dev.relay.events.ModelConfig;
import dev.relay.events.ModelConfigParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates a model's migration files at one commit, so that an invalid file fails the
 * release before anything runs.
 *
 * <p>The folder is the event's {@code modelConfig.migrationsDir}. An event without a model config
 * comes from an older producer: then {@code relay.yaml} at the commit is parsed with the contract's
 * one parser (or the default folder is used when the repository has none).
 */
public final class MigrationReader {

    private final ModelRepository repository;
    private final MigrationParser parser;

    public MigrationReader(ModelRepository repository, MigrationParser parser) {
        this.repository = repository;
        this.parser = parser;
    }

    /**
     * @param config the release's model config, or null to read relay.yaml at the commit
     * @return the migrations in run order
     * @throws MigrationException             {@code migration-invalid}, {@code checkout-failed}, {@code tag-moved}
     * @throws dev.relay.events.InvalidModelConfigException relay.yaml at the commit is invalid
     */
    public List<Migration> read(CommitRef at, ModelConfig config) {
        try (CommitFiles files = repository.open(at)) {
            String dir = config != null ? config.migrationsDir()
                    : files.file(ModelConfig.FILE).map(ModelConfigParser::parse).orElse(ModelConfig.ABSENT).migrationsDir();
            List<Migration> migrations = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            files.folder(dir, MigrationParser::looksLikeMigration).forEach((name, content) -> {
                Migration m = parser.parse(name, content);
                String other = seen.put(m.id(), name);
                if (other != null) {
                    throw new MigrationException(MigrationException.INVALID, m.id(), null,
                            other + " and " + name + " have the same migration id " + m.id(), null);
                }
                migrations.add(m);
            });
            migrations.sort(MigrationPlanner.ORDER);
            return List.copyOf(migrations);
        }
    }
}
