package dev.relay.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion for tests (git CLI, docker CLI, project scripts) and keeps its output. */
public final class Processes {

    private Processes() {
    }

    public record Result(int exitCode, String output) {
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit code " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    public static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> command) {
        try {
            // Output goes to a file so that a command that hangs cannot block us past the timeout.
            Path log = Files.createTempFile("relay-process", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().putAll(env);
            Process process = pb.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (!finished) {
                throw new AssertionError("timed out after " + timeout + ": " + command + "\n" + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    public static Result run(Path dir, Duration timeout, String... command) {
        return run(dir, Map.of(), timeout, List.of(command));
    }

    /** The repository root, passed by the build as {@code relay.project.root}. */
    public static Path projectRoot() {
        String root = System.getProperty("relay.project.root");
        if (root != null && !root.isBlank()) {
            return Path.of(root);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !dir.resolve("mvnw").toFile().exists()) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root (no mvnw above " + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }
}
