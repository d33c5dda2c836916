package dev.relay.bumper.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One commit of the GitOps branch as the core needs it.
 *
 * @param id       the full commit id
 * @param at       when it was authored
 * @param author   the author's name
 * @param trailers the message's trailers, key to values in order
 * @param files    paths it changed relative to its first parent
 */
public record GitOpsCommit(String id, Instant at, String author, Map<String, List<String>> trailers, List<String> files) {

    /** The last value of a trailer, stripped. */
    public Optional<String> trailer(String key) {
        List<String> values = trailers.getOrDefault(key, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1).strip());
    }
}
