package dev.relay.modelinfo.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/new-migration creates a file the parser accepts, in the folder relay.yaml names. */
class ScaffoldingTest {

    private static final Path SCRIPT = Processes.projectRoot().resolve("modelinfo-migrator/bin/new-migration");

    @TempDir
    Path repo;

    @Test
    void createsAnEmptyMigrationTheServiceAccepts() throws Exception {
        String out = Processes.run(repo, Duration.ofSeconds(20), SCRIPT.toString(), "-C", repo.toString(), "add-baz")
                .requireSuccess().output().trim();

        Path file = Path.of(out);
        assertThat(file.getParent()).isEqualTo(repo.resolve("migrations"));
        Migration m = new MigrationParser().parse(file.getFileName().toString(), Files.readAllBytes(file));
        assertThat(m.name()).isEqualTo("add-baz");
        assertThat(m.up()).isEmpty();
        assertThat(m.down()).isEmpty();
        assertThat(m.timestamp()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
    }

    @Test
    void followsRelayYamlAndRejectsBadNames() throws Exception {
        Files.writeString(repo.resolve("relay.yaml"), "model: m\nmigrations:\n  dir: db/modelinfo\n");
        String out = Processes.run(repo, Duration.ofSeconds(20), SCRIPT.toString(), "second").requireSuccess().output().trim();
        assertThat(out).startsWith("./db/modelinfo/").endsWith("_second.json");

        assertThat(Processes.run(repo, Duration.ofSeconds(20), SCRIPT.toString(), "bad name").exitCode()).isEqualTo(2);
    }
}
