package dev.relay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The git command line, for what only it does: server-side hooks run when C git receives a push.
 * Runs with its own HOME so the user's git config (signing, templates) cannot interfere.
 */
final class GitCli {

    private final Map<String, String> env;

    GitCli(Path home) {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.env = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1",
                "GIT_AUTHOR_NAME", "Relay Demo", "GIT_AUTHOR_EMAIL", "demo@relay.invalid",
                "GIT_COMMITTER_NAME", "Relay Demo", "GIT_COMMITTER_EMAIL", "demo@relay.invalid");
    }

    String run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("relay-git", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process process = pb.start();
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("git " + String.join(" ", args) + " did not finish in 120 s");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean exists(Path dir, String... args) {
        try {
            run(dir, args);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
