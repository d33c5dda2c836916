package dev.relay.events;

import java.util.List;

/**
 * A model's {@code relay.yaml}, as image-builder read it at the tagged commit. It travels in
 * {@code image.built} and every later event of the release, so no later stage clones the model
 * repository to read it. An event without it (from an older producer) means "not read yet": the
 * stage then reads the file from git itself.
 *
 * <pre>
 * model: hello-model            # must equal the release's model when given
 * baseImage: relay/python-base:3.11
 * python: "&gt;=3.10,&lt;3.12"       # interpreter constraint, checked by env-migrator
 * verify:                       # commands run inside the image, each must exit 0
 *   - python -c "import promote"
 * requirements:
 *   allowRanges: false          # whether requirements.txt may use ranges instead of == pins
 * migrations:
 *   dir: migrations             # where ModelInfo migrations live (or the shorthand migrations: dir)
 * </pre>
 *
 * @param present       whether the repository had a relay.yaml at all
 * @param model         the model name it declares, or null
 * @param baseImage     the base image for a generated Dockerfile, or null for the platform's
 * @param python        the interpreter constraint, or null
 * @param verify        verify commands, in file order (never null)
 * @param allowRanges   whether requirements may use version ranges
 * @param migrationsDir the migrations folder, relative to the repository root (never null)
 */
public record ModelConfig(boolean present, String model, String baseImage, String python, List<String> verify,
                          boolean allowRanges, String migrationsDir) {

    public static final String FILE = "relay.yaml";
    public static final String DEFAULT_MIGRATIONS_DIR = "migrations";

    /** A repository without relay.yaml: every setting at its default. */
    public static final ModelConfig ABSENT = new ModelConfig(false, null, null, null, List.of(), false, DEFAULT_MIGRATIONS_DIR);

    public ModelConfig {
        verify = verify == null ? List.of() : List.copyOf(verify);
        migrationsDir = migrationsDir == null || migrationsDir.isBlank() ? DEFAULT_MIGRATIONS_DIR : migrationsDir;
    }
}
