package dev.relay.bumper.core;

import java.time.Instant;
import java.util.List;

/** One bump as the GitOps repository's history tells it (from the commit's trailers). */
public record BumpRecord(String commit, Instant at, String author, String model, String releaseId,
                         String sourceCommit, String from, String to, boolean rollback, List<String> files) {
}
