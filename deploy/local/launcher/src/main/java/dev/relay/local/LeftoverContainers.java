package dev.relay.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * env-migrator removes its probe containers itself, but a service killed in the middle of a probe
 * cannot. On the way out the local run removes the probe containers created while it ran, and
 * no others: another installation may share the engine.
 */
final class LeftoverContainers {

    static final String PROBE_LABEL = "dev.relay.env-migrator.probe";
    private static final DateTimeFormatter DOCKER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private LeftoverContainers() {
    }

    static void removeProbesCreatedSince(Instant since) {
        List<String> leftovers = new ArrayList<>();
        String listing = docker("ps", "-a", "--filter", "label=" + PROBE_LABEL, "--format", "{{.ID}}|{{.CreatedAt}}");
        for (String line : listing.lines().toList()) {
            String[] parts = line.split("\\|", 2);
            if (parts.length == 2 && createdAt(parts[1]).map(t -> !t.isBefore(since.minusSeconds(1))).orElse(false)) {
                leftovers.add(parts[0]);
            }
        }
        if (!leftovers.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(leftovers);
            docker(rm.toArray(String[]::new));
            System.out.println("relay: removed " + leftovers.size() + " leftover probe container(s)");
        }
    }

    private static java.util.Optional<Instant> createdAt(String dockerTime) {
        // e.g. "2026-11-21 23:10:04 +0000 UTC": drop the zone name after the offset.
        String[] words = dockerTime.trim().split(" ");
        if (words.length < 3) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(OffsetDateTime.parse(words[0] + " " + words[1] + " " + words[2], DOCKER_TIME).toInstant());
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The command's output, or nothing when docker is missing or fails: cleanup must never stop a shutdown. */
    private static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Command.Result result = new Command(Path.of("."), Map.of(), Duration.ofSeconds(30), command).run();
            return result.exitCode() == 0 ? result.output() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }
}
