package dev.relay.events;

/** Published by modelinfo-migrator. */
public record ModelInfoMigrated(Release release, Image image, Migrations migrations, ModelConfig modelConfig)
        implements RelayEvent {

    /** Without the model's relay.yaml (null). */
    public ModelInfoMigrated(Release release, Image image, Migrations migrations) {
        this(release, image, migrations, null);
    }
}
