package dev.relay.bumper.core;

import java.util.List;

/**
 * What a bump did.
 *
 * @param commit   the commit carrying the image (the head when {@code noop})
 * @param files    files changed, relative to the repository root
 * @param from     the reference found before
 * @param to       the reference written
 * @param noop     the repository already referenced the image
 * @param replayed an earlier commit for the same release was found: nothing was done again
 */
public record BumpResult(String commit, List<String> files, String from, String to, boolean noop, boolean replayed) {
}
