package dev.relay.bumper.core;

import dev.relay.events.GitOps;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.Image;
import dev.relay.events.ModelInfoMigrated;
import dev.relay.events.RelayEvent;
import dev.relay.events.Release;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.relay.events.stage.Stage;
import java.lang.System.Logger.Level;

/**
 * release-bumper's stage: {@code modelinfo.migrated} in, the image written into the GitOps
 * repository, {@code gitops.updated} out (carrying the event's {@code modelConfig} forward).
 *
 * <p>A release's bump commit carries {@code Relay-Release-Id}: a re-delivered release whose commit
 * exists (made by this instance before a restart, or by another replica) is answered with that
 * commit, nothing is committed twice. A bump by hand ({@link #byHand}) is no release: its commit
 * carries no release trailers and it always acts on the branch as it is now.
 */
public final class BumpStage implements Stage<ModelInfoMigrated> {

    public static final String STAGE = "release-bumper";
    private static final System.Logger LOG = System.getLogger(BumpStage.class.getName());

    private final Bumper bumper;
    private final boolean byHand;

    private BumpStage(Bumper bumper, boolean byHand) {
        this.bumper = bumper;
        this.byHand = byHand;
    }

    /** The stage for releases coming down the chain. */
    public static BumpStage releases(Bumper bumper) {
        return new BumpStage(bumper, false);
    }

    /** The stage for bumps asked for by hand (REST): no release trailers, no idempotency on the release id. */
    public static BumpStage byHand(Bumper bumper) {
        return new BumpStage(bumper, true);
    }

    @Override
    public RelayEvent run(ModelInfoMigrated event) {
        Release release = event.release();
        ImageRef image = imageOf(event.image());
        BumpRequest request;
        if (byHand) {
            request = new BumpRequest(release.model(), image, release.version(), null, null, false);
        } else {
            // A held release is refused by the bump itself (BumpFailure.HELD), which reads the history only for a
            // release bumped before. Recorded for rollbacks: where the release came from, and what of it cannot be undone.
            Map<String, String> trailers = new LinkedHashMap<>();
            trailers.put(CommitMessage.SOURCE_REPO, release.repoUrl());
            List<String> irreversible = event.migrations() == null || event.migrations().irreversible() == null
                    ? List.of() : event.migrations().irreversible();
            if (!irreversible.isEmpty()) {
                trailers.put(CommitMessage.IRREVERSIBLE, String.join(",", irreversible));
            }
            request = new BumpRequest(release.model(), image, release.version(), release.releaseId(), release.commit(), false, trailers);
        }
        BumpResult result = bumper.bump(request);
        LOG.log(Level.INFO, () -> release.releaseId() + ": "
                + (result.noop() ? "already at target" : result.replayed() ? "bumped earlier" : "bumped") + " "
                + result.from() + " -> " + result.to() + " in " + bumper.repoUrl() + " (" + result.commit() + ")");
        return new GitOpsUpdated(release, event.image(), new GitOps(bumper.repoUrl(), bumper.branch(), result.commit(),
                result.files(), result.from(), result.to(), result.noop()), event.modelConfig());
    }

    /** The reference to write: the built ref, pinned to the registry digest when the event has one. */
    static ImageRef imageOf(Image image) {
        ImageRef ref = ImageRef.tryParse(image.ref()).orElseThrow(() -> new BumpFailure(BumpFailure.INVALID_IMAGE,
                "image.ref '" + image.ref() + "' is not an image reference"));
        String digest = image.digest();
        if (digest != null && !digest.isBlank()) {
            String bare = digest.contains("@") ? digest.substring(digest.indexOf('@') + 1) : digest;
            ref = ImageRef.tryParse(ref.repository() + ref.tag().map(t -> ":" + t).orElse("") + "@" + bare).orElse(ref);
        }
        return ref;
    }
}
