package dev.relay.builder.core;

import dev.relay.events.EventValidator;
import dev.relay.events.Image;
import dev.relay.events.ImageBuilt;
import dev.relay.events.InvalidEventException;
import dev.relay.events.RelayEvent;
import dev.relay.events.stage.StageResults;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The builder's outcomes, read from what the engine has: an image labelled for the release whose
 * {@link ImageLabels#IMAGE_BUILT} label holds its event is the release's outcome, announced again
 * with {@code buildSeconds} 0. Nothing is saved: the labels are written by the build itself.
 * Failures are not kept (a failed build leaves no image), so a re-delivered failed release is
 * built again. A campaign's rebuild is stored the same way under its campaign release id, campaign block included.
 *
 * <p>An image that is no full outcome is not one here, and the stage works the release again:
 * an image of a builder that did not write the label, or, with a registry configured, one that was
 * never pushed (the stage then pushes the image it finds rather than building it again).
 */
public final class ImageResults implements StageResults {

    private static final System.Logger LOG = System.getLogger(ImageResults.class.getName());

    private final ImageEngine engine;
    private final BuilderSettings settings;

    public ImageResults(ImageEngine engine, BuilderSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public Optional<RelayEvent> find(String releaseId) {
        Optional<ImageEngine.FoundImage> found = engine.find(releaseId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ImageEngine.FoundImage image = found.get();
        Optional<ImageBuilt> announced = ImageLabels.announced(image.labels());
        if (announced.isEmpty() || (settings.registry().isPresent() && image.digest() == null)) {
            return Optional.empty();
        }
        ImageBuilt stored = announced.get();
        // A campaign's rebuild keeps its campaign block (and so its own tag): a replay announces it as the build did.
        String ref = settings.imageRef(stored.release(), stored.campaign());
        ImageBuilt event = new ImageBuilt(stored.release(),
                new Image(ref, image.id(), image.digest(), image.sizeBytes(), stored.image().baseImage()),
                stored.requirements(), 0, stored.modelConfig(), stored.campaign());
        try {
            EventValidator.validate(event);
        } catch (InvalidEventException e) {
            LOG.log(Level.WARNING, () -> "image " + image.id() + " of " + releaseId + " has labels that make no valid event ("
                    + e.getMessage() + "); building the release again");
            return Optional.empty();
        }
        if (!event.release().releaseId().equals(releaseId)) {
            return Optional.empty();
        }
        if (!image.tags().contains(ref)) {
            engine.tag(image.id(), ref);
        }
        return Optional.of(event);
    }

    @Override
    public void save(String releaseId, RelayEvent outcome) {
        // The image's labels are the record, written when it was built.
    }
}
