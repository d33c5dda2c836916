package dev.relay.modelinfo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.events.InvalidModelConfigException;
import dev.relay.events.ModelConfig;
import dev.relay.modelinfo.support.InMemoryModelRepository;
import dev.relay.modelinfo.support.Runbook;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which folder is read, and what is accepted from it, without git. */
class MigrationReaderTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final CommitRef AT = new CommitRef("https://git.example/ml/m.git", COMMIT, "v1");
    private static final String EMPTY = "{\"up\": [], \"down\": []}";

    private final InMemoryModelRepository repository = new InMemoryModelRepository();
    private final MigrationReader reader = new MigrationReader(repository, new MigrationParser());

    @Test
    void theEventsModelConfigNamesTheFolderAndRelayYamlIsNotRead() {
        repository.file(COMMIT, "relay.yaml", "migrations: [not, a, folder]\n")
                .file(COMMIT, "db/mi/" + Runbook.FILE, Runbook.JSON)
                .file(COMMIT, "migrations/1700000000001_elsewhere.json", EMPTY);
        ModelConfig config = new ModelConfig(true, "m", null, null, List.of(), false, "db/mi");

        assertThat(reader.read(AT, config)).extracting(Migration::id).containsExactly(Runbook.ID);
        assertThat(repository.opened()).containsExactly(AT);
    }

    @Test
    void withoutAModelConfigRelayYamlAtTheCommitNamesTheFolder() {
        repository.file(COMMIT, "relay.yaml", "model: m\nmigrations:\n  dir: ./db/modelinfo/\n")
                .file(COMMIT, "db/modelinfo/" + Runbook.FILE, Runbook.JSON)
                .file(COMMIT, "migrations/1700000000001_ignored.json", EMPTY);

        assertThat(reader.read(AT, null)).extracting(Migration::id).containsExactly(Runbook.ID);
    }

    @Test
    void withoutRelayYamlTheDefaultFolderIsRead() {
        repository.file(COMMIT, "migrations/" + Runbook.FILE, Runbook.JSON);

        assertThat(reader.read(AT, null)).extracting(Migration::id).containsExactly(Runbook.ID);
        assertThat(reader.read(AT, ModelConfig.ABSENT)).extracting(Migration::id).containsExactly(Runbook.ID);
    }

    @Test
    void anInvalidRelayYamlFailsWithTheContractsReason() {
        repository.file(COMMIT, "relay.yaml", "migrations:\n  dir: ../outside\n");

        assertThatThrownBy(() -> reader.read(AT, null))
                .isInstanceOfSatisfying(InvalidModelConfigException.class,
                        e -> assertThat(e.reason()).isEqualTo("invalid-relay-yaml"))
                .hasMessageContaining("migrations.dir").hasMessageContaining("../outside");
    }

    @Test
    void migrationsComeInTimestampOrderAndOtherFilesAndSubFoldersAreIgnored() {
        repository.file(COMMIT, "migrations/1700000000002_a.json", EMPTY)
                .file(COMMIT, "migrations/1700000000001_z.yaml", "up: []\ndown: []\n")
                .file(COMMIT, "migrations/README.md", "how to write one")
                .file(COMMIT, "migrations/old/1700000000000_archived.json", EMPTY);

        assertThat(reader.read(AT, null)).extracting(Migration::id).containsExactly("1700000000001_z", "1700000000002_a");
    }

    @Test
    void twoFilesWithOneIdOrAnInvalidFileFailBeforeAnythingRuns() {
        repository.file(COMMIT, "migrations/1700000000001_x.json", EMPTY)
                .file(COMMIT, "migrations/1700000000001_x.yaml", "up: []\ndown: []\n");
        assertThatThrownBy(() -> reader.read(AT, null))
                .isInstanceOfSatisfying(MigrationException.class, e -> {
                    assertThat(e.reason()).isEqualTo("migration-invalid");
                    assertThat(e.migrationId()).isEqualTo("1700000000001_x");
                })
                .hasMessage("1700000000001_x.json and 1700000000001_x.yaml have the same migration id 1700000000001_x");

        String other = "fedcba9876543210fedcba9876543210fedcba98";
        repository.file(other, "migrations/1700000000000_js.json",
                "{\"up\": [{\"updateMany\": {\"filter\": {\"$where\": \"1\"}, \"update\": {\"$set\": {\"a\": 1}}}}], \"down\": []}");
        assertThatThrownBy(() -> reader.read(new CommitRef("u", other, null), null))
                .isInstanceOfSatisfying(MigrationException.class, e -> {
                    assertThat(e.reason()).isEqualTo("migration-invalid");
                    assertThat(e.detail()).isEqualTo("migration: 1700000000000_js\noperation: up[0] updateMany");
                })
                .hasMessage("1700000000000_js.json: up[0] updateMany: $where is not allowed: server-side JavaScript is rejected");
    }
}
