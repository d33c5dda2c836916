package dev.relay.bumper.rest;

import dev.relay.bumper.core.ImageRef;
import dev.relay.events.Image;
import dev.relay.events.Migrations;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.Release;
import java.time.Instant;
import java.util.List;

/**
 * A bump asked for by hand, as the stage's input event. A bump by hand has no model repository, no
 * source commit, no built image and no migrations; the event says so with values no real release
 * has: {@code repoUrl} {@value #NO_REPOSITORY}, {@code commit} git's null object id, {@code taggedBy}
 * {@value #TAGGED_BY}, the image's {@code id} is its reference, migrations empty in collection
 * {@value #NO_COLLECTION}, and no {@code modelConfig}. These values travel in the events it
 * publishes ({@code release.status}, {@code gitops.updated} or {@code release.failed}).
 */
public final class BumpByHand {

    public static final String NO_REPOSITORY = "urn:relay:bump-by-hand";
    public static final String NO_COMMIT = "0".repeat(40);
    public static final String TAGGED_BY = "POST /bumps";
    public static final String NO_COLLECTION = "none";

    private BumpByHand() {
    }

    /** {@code version} names the release (a git tag): the image's tag unless given. */
    public static ModelInfoMigrated event(String model, ImageRef image, String version, Instant at) {
        Release release = Release.of(model, version, NO_REPOSITORY, NO_COMMIT, TAGGED_BY, at);
        Image written = new Image(image.toString(), image.toString(), null, 0, null);
        return new ModelInfoMigrated(release, written, new Migrations(List.of(), List.of(), NO_COLLECTION, 0), null);
    }
}
