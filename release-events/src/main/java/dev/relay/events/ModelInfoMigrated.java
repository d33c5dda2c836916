package dev.relay.events;

/** Published by modelinfo-migrator. */
public record ModelInfoMigrated(Release release, Image image, Migrations migrations) implements RelayEvent {
}
