package dev.relay.bumper;

import dev.relay.events.Image;
import dev.relay.events.Migrations;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.Release;
import java.time.Instant;
import java.util.List;

/** Events as modelinfo-migrator publishes them. */
public final class TestEvents {

    public static final String SOURCE_COMMIT = "89abcdef0123456789abcdef0123456789abcdef";

    private TestEvents() {
    }

    public static ModelInfoMigrated migrated(String model, String version) {
        Release release = Release.of(model, version, "https://git.example.com/models/" + model + ".git", SOURCE_COMMIT,
                "alice", Instant.parse("2026-11-01T10:00:00Z"));
        Image image = new Image(GitOpsRepoResource.image(model, version), "sha256:" + "c".repeat(64), null, 123_456_789L,
                "relay/python:3.12");
        return new ModelInfoMigrated(release, image, new Migrations(List.of("1700000000000_init"), List.of(), "modelinfo", 12));
    }
}
