package dev.relay.local;

import dev.relay.wheelhouse.Wheelhouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code hello-model}: a model repository as a model author writes it (pinned requirements with the
 * platform package first, a {@code promote.sh} pre-build hook, a verify command, one ModelInfo
 * migration), served from a bare repository with Relay's post-receive hook installed, so that a
 * {@code git push --tags} starts a real release.
 */
public final class SampleModel {

    public static final String NAME = "hello-model";
    /** The ModelInfo migration of the sample: the runbook's "baz = foo + string of bar". */
    public static final String MIGRATION_ID = "1700000000000_add-baz";

    private final ModelRepository repo;
    private final Wheelhouse wheelhouse;

    private SampleModel(ModelRepository repo, Wheelhouse wheelhouse) {
        this.repo = repo;
        this.wheelhouse = wheelhouse;
    }

    /** Creates the repositories, or reuses them from an earlier run. */
    public static SampleModel open(Path projectRoot, Path repos, Path wheelhouseDir, String bootstrapServers, GitCli git) {
        Wheelhouse wheelhouse = new Wheelhouse(wheelhouseDir);
        wheelhouse.add("promote", "1.10");
        return new SampleModel(ModelRepository.open(projectRoot, repos, NAME, bootstrapServers, git), wheelhouse);
    }

    public Path bareRepository() {
        return repo.bare();
    }

    /** The next demo version after the tags the repository already has: v0.0.1 on a fresh state. */
    public int nextPatch() {
        String tags = repo.tags("v0.0.*");
        return tags.lines().map(t -> t.substring("v0.0.".length())).filter(s -> s.matches("\\d+"))
                .mapToInt(Integer::parseInt).max().orElse(0) + 1;
    }

    /**
     * Commits the model for release {@code v0.0.<patch>} and pushes the tag: each release pins a
     * newer {@code hello-utils}, built into the wheelhouse first. With {@code driftedDockerfile}
     * the model brings its own Dockerfile that installs another version than the pin, which
     * env-migrator must catch.
     */
    public String release(int patch, boolean driftedDockerfile) {
        String version = "v0.0." + patch;
        String utils = "1." + patch + ".0";
        wheelhouse.add("hello-utils", utils);
        wheelhouse.add("hello-utils", "0.9.0");
        write("requirements.txt", """
                # Platform rule: the platform package comes first.
                promote==1.10
                hello-utils==%s
                """.formatted(utils));
        write("promote.sh", """
                #!/bin/sh
                # Pre-build hook, run before the requirements are installed: the platform's runbook
                # upgrades the interpreter tooling here. The demo records that it ran.
                set -eu
                mkdir -p /etc/relay
                echo "promoted by promote.sh for %s" > /etc/relay/promoted
                """.formatted(version));
        write("relay.yaml", """
                # Relay settings of this model.
                model: hello-model
                python: ">=3.8,<3.13"
                verify:
                  - python -c "import hello_model; hello_model.check_env()"
                migrations:
                  dir: migrations
                """);
        write("hello_model/__init__.py", """
                import sys
                from importlib import metadata


                def check_env():
                    \"\"\"Prints the interpreter and the versions of the packages the model depends on.\"\"\"
                    print("python", sys.version.split()[0])
                    for name in ("promote", "hello-utils"):
                        print(name, metadata.version(name))
                """);
        write("migrations/" + MIGRATION_ID + ".json", """
                {
                  "description": "baz = foo followed by the string of bar (the runbook's example)",
                  "up": [
                    {"setComputed": {"filter": {"baz": {"$exists": false}},
                                     "fields": {"baz": {"$concat": ["$foo", {"$toString": "$bar"}]}}}}
                  ],
                  "down": [
                    {"updateMany": {"filter": {"baz": {"$exists": true}}, "update": {"$unset": {"baz": ""}}}}
                  ]
                }
                """);
        if (driftedDockerfile) {
            write("Dockerfile", """
                    # A hand-written Dockerfile that drifted from requirements.txt.
                    FROM relay/python-base:3.11
                    COPY . /app
                    RUN python3 -m venv /opt/venv \\
                     && /opt/venv/bin/pip install --no-index --find-links /app/wheels promote==1.10 hello-utils==0.9.0
                    ENV PATH=/opt/venv/bin:$PATH
                    WORKDIR /app
                    """);
            copyWheels();
        } else {
            delete("Dockerfile");
            delete("wheels");
        }
        repo.commitTagAndPush(version, "hello-model " + version + ": hello-utils " + utils);
        return version;
    }

    /**
     * Adds a migration file to the model, part of the next release and every one after it.
     *
     * @param down the {@code down} operations as JSON, or null for a migration that cannot be reverted ({@code []})
     */
    public void addMigration(String id, String description, String up, String down) {
        write("migrations/" + id + ".json", "{\n  \"description\": \"" + description + "\",\n  \"up\": " + up
                + ",\n  \"down\": " + (down == null ? "[]" : down) + "\n}\n");
    }

    private void copyWheels() {
        try (var wheels = Files.list(wheelhouse.dir())) {
            Path target = Files.createDirectories(repo.work().resolve("wheels"));
            for (Path wheel : wheels.toList()) {
                Files.copy(wheel, target.resolve(wheel.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String path, String content) {
        repo.write(path, content);
    }

    private void delete(String path) {
        repo.delete(path);
    }

    static List<String> seedNames() {
        return List.of("encoder", "classifier", "tokenizer");
    }
}
