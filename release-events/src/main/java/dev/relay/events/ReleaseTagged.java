package dev.relay.events;

/** Published by the git hook when a tag is pushed on a model repository. */
public record ReleaseTagged(Release release) implements RelayEvent {
}
