package dev.relay.bumper.core;

/** Who the bump commits are written by (relay.gitops.author.*). */
public record Author(String name, String email) {
}
