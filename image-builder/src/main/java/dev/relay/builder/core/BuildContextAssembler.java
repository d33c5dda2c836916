package dev.relay.builder.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Lays out the build context on disk. A model with its own Dockerfile is built from its files as
 * they are (minus {@code .dockerignore}d ones). Otherwise the context holds the generated
 * Dockerfile, the validated requirements, the hook, the wheelhouse, and the model's files under
 * {@code model/}, so the platform's files never end up in the model's folder.
 */
public final class BuildContextAssembler {

    public static final String DOCKERFILE = "Dockerfile";
    public static final String HOOK = "promote.sh";

    /** What was laid out. */
    public record Plan(Path contextDir, boolean generated, String baseImage, String dockerfile) {
    }

    private final DockerfileGenerator generator;

    public BuildContextAssembler(DockerfileGenerator generator) {
        this.generator = generator;
    }

    /** Whether the model builds from its own {@code Dockerfile} (which then decides its base image itself). */
    public static boolean hasOwnDockerfile(Path source) {
        return Files.isRegularFile(source.resolve(DOCKERFILE));
    }

    /**
     * @param baseImage the base of a generated Dockerfile, as the caller resolved it ({@link BuildTarget#baseImage});
     *                  not used for a model's own Dockerfile
     */
    public Plan assemble(String model, Path source, Path contextDir, ValidatedRequirements requirements, String baseImage,
                         PackageSource packageSource) {
        try {
            DockerIgnore ignore = Files.isRegularFile(source.resolve(DockerIgnore.FILE))
                    ? DockerIgnore.parse(Files.readString(source.resolve(DockerIgnore.FILE), StandardCharsets.UTF_8))
                    : DockerIgnore.NONE;
            if (hasOwnDockerfile(source)) {
                copyTree(source, contextDir, ignore, true);
                String text = Files.readString(source.resolve(DOCKERFILE), StandardCharsets.UTF_8);
                return new Plan(contextDir, false, baseImageOf(text).orElse("unknown"), text);
            }
            Files.createDirectories(contextDir);
            copyTree(source, contextDir.resolve("model"), ignore, false);
            boolean hook = Files.isRegularFile(source.resolve(HOOK));
            if (hook) {
                Files.copy(source.resolve(HOOK), contextDir.resolve(HOOK));
            }
            if (!requirements.isEmpty()) {
                Files.writeString(contextDir.resolve("requirements.lock.txt"), requirements.lockFile(), StandardCharsets.UTF_8);
            }
            if (packageSource.wheelhouse().isPresent()) {
                copyTree(packageSource.wheelhouse().get(), contextDir.resolve("wheelhouse"), DockerIgnore.NONE, false);
            }
            String dockerfile = generator.render(model, baseImage, hook, !requirements.isEmpty(), packageSource);
            Files.writeString(contextDir.resolve(DOCKERFILE), dockerfile, StandardCharsets.UTF_8);
            return new Plan(contextDir, true, baseImage, dockerfile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image of the first {@code FROM}, for the event's {@code baseImage}. */
    static Optional<String> baseImageOf(String dockerfile) {
        for (String line : dockerfile.split("\r?\n")) {
            String l = line.strip();
            if (l.regionMatches(true, 0, "FROM ", 0, 5)) {
                for (String token : l.substring(5).strip().split("\\s+")) {
                    if (!token.startsWith("--")) {
                        return Optional.of(token);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static void copyTree(Path from, Path to, DockerIgnore ignore, boolean keepBuildFiles) throws IOException {
        Files.createDirectories(to);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).forEach(files::add);
        }
        for (Path file : files) {
            String rel = from.relativize(file).toString().replace('\\', '/');
            // The engine always receives the Dockerfile and .dockerignore, whatever .dockerignore says.
            boolean buildFile = keepBuildFiles && (rel.equals(DOCKERFILE) || rel.equals(DockerIgnore.FILE));
            if (ignore.ignores(rel) && !buildFile) {
                continue;
            }
            Path target = to.resolve(rel);
            Files.createDirectories(target.getParent());
            Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
