package dev.relay.bumper.core;

import dev.relay.events.Campaign;
import dev.relay.events.RelayEvent;
import dev.relay.events.stage.StageResults;
import java.util.Optional;

/**
 * The releases runner's results, except that a held release has none: a re-delivered event of a release a
 * rollback undid goes to the stage again, which refuses it ({@code release.failed}, reason {@value BumpFailure#HELD}),
 * instead of re-publishing the {@code gitops.updated} it had before the rollback. The same for a campaign's
 * rollout of a held release ({@link RolloutStage}).
 */
public final class HeldReleasesWorkAgain implements StageResults {

    private final StageResults delegate;
    private final Bumper bumper;

    public HeldReleasesWorkAgain(StageResults delegate, Bumper bumper) {
        this.delegate = delegate;
        this.bumper = bumper;
    }

    @Override
    public Optional<RelayEvent> find(String releaseId) {
        Optional<RelayEvent> found = delegate.find(releaseId);
        // A campaign's rollout deploys an image of its release: that release's hold is the one that counts.
        String deploys = Campaign.parse(releaseId).map(Campaign.Id::releaseId).orElse(releaseId);
        if (found.isPresent() && bumper.deployHistory(found.get().release().model()).heldBy(deploys).isPresent()) {
            return Optional.empty();
        }
        return found;
    }

    @Override
    public void save(String releaseId, RelayEvent outcome) {
        delegate.save(releaseId, outcome);
    }
}
