package dev.relay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A short command the local run waits for (git, docker), its output kept whole. */
record Command(Path dir, Map<String, String> env, Duration timeout, List<String> args) {

    record Result(int exitCode, String output) {
    }

    /** Runs to completion; a command that outlives its timeout is killed and reported as an error. */
    Result run() {
        try {
            // Output goes to a file so a chatty command cannot block on a full pipe.
            Path out = Files.createTempFile("relay-command", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile());
                pb.environment().putAll(env);
                Process process = pb.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", args) + " did not finish in " + timeout.toSeconds() + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", args), e);
        }
    }
}
