package dev.relay.env.core;

/** One verify command run inside the image. */
public record VerifyResult(String command, int exitCode, String outputTail) {
}
