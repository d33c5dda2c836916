package dev.relay.events;

import java.util.List;

/**
 * The change made to the GitOps repository.
 *
 * @param commit the commit that carries the new image (the current head when {@code noop})
 * @param files  files changed, relative to the repository root
 * @param from   the image reference found before
 * @param to     the image reference written
 * @param noop   true when the repository already referenced the image
 */
public record GitOps(String repoUrl, String branch, String commit, List<String> files, String from, String to,
                     boolean noop) {
}
