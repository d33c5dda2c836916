package dev.relay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        Command.Result result = new Command(dir, env, Duration.ofSeconds(120), command).run();
        if (result.exitCode() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed:\n" + result.output());
        }
        return result.output();
    }
}
