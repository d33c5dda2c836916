package dev.relay.bumper.core;

/**
 * What to write: the model whose image moves (it names Helm-style markers) and the image it moves to.
 */
public record BumpTarget(String model, ImageRef image) {
}
