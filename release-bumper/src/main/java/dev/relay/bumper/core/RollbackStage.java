package dev.relay.bumper.core;

import dev.relay.events.GitOps;
import dev.relay.events.GitOpsReverted;
import dev.relay.events.RelayEvent;
import dev.relay.events.Rollback;
import dev.relay.events.RollbackRequested;
import dev.relay.events.stage.Stage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first step of a rollback: {@code rollback.requested} in, the model's image references in the GitOps
 * repository back at the target release's image (the same byte-exact editor as a bump), {@code gitops.reverted}
 * out with the releases undone, for modelinfo-migrator and env-migrator.
 *
 * <p>Planned from the GitOps history ({@link DeployHistory}) before anything changes: a migration without a
 * {@code down} among the undone releases refuses the whole rollback ({@value #IRREVERSIBLE}). The commit carries
 * {@code Relay-Rollback-Id}, {@code -Of}, {@code -To} and {@code Relay-Held} (the undone releases, held until
 * lifted); {@code Relay-Release-Id} is the rollback id, so a re-delivered request finds its commit and commits
 * nothing twice. A dry run plans, previews the file change and commits nothing.
 */
public final class RollbackStage implements Stage<RollbackRequested> {

    public static final String IRREVERSIBLE = "irreversible-migration";
    public static final String NOT_PLANNABLE = "rollback-refused";
    private static final System.Logger LOG = System.getLogger(RollbackStage.class.getName());

    private final Bumper bumper;

    public RollbackStage(Bumper bumper) {
        this.bumper = bumper;
    }

    @Override
    public RelayEvent run(RollbackRequested event) {
        Rollback rollback = event.rollback();
        String model = rollback.model();
        DeployHistory history = bumper.deployHistory(model);
        Optional<GitOpsCommit> done = rollback.dryRun() ? Optional.empty() : bumper.rollbackCommit(rollback.rollbackId());
        Rollback planned;
        ImageRef image;
        String sourceCommit;
        if (done.isPresent()) {
            // Committed before (a re-delivery, or another replica): answer what that commit did.
            GitOpsCommit c = done.get();
            List<Rollback.RolledBackRelease> undone = new ArrayList<>();
            for (String id : c.trailer(CommitMessage.HELD).map(v -> List.of(v.split(","))).orElse(List.of())) {
                history.deployed(id.strip()).ifPresent(d -> undone.add(new Rollback.RolledBackRelease(d.releaseId(), d.version(),
                        d.sourceCommit(), d.image(), d.irreversible())));
            }
            planned = rollback.planned(c.trailer(CommitMessage.ROLLBACK_OF).orElse(null), undone);
            image = ImageRef.parse(c.trailer(CommitMessage.IMAGE).orElseThrow());
            sourceCommit = c.trailer(CommitMessage.SOURCE_COMMIT).orElse(null);
        } else {
            DeployHistory.Plan plan;
            try {
                plan = history.plan(rollback.to());
            } catch (DeployHistory.Refused e) {
                throw new BumpFailure(NOT_PLANNABLE, e.getMessage());
            }
            if (!plan.irreversible().isEmpty()) {
                throw new BumpFailure(IRREVERSIBLE, "rolling " + model + " back to " + plan.target().version() + " would undo "
                        + "migrations that have no down: " + String.join(", ", plan.irreversible()) + "; nothing was changed");
            }
            planned = rollback.planned(plan.from().version(), plan.rolledBack());
            image = ImageRef.parse(plan.target().image());
            sourceCommit = plan.target().sourceCommit();
        }
        BumpResult result;
        if (rollback.dryRun()) {
            result = bumper.preview(model, image);
        } else {
            Map<String, String> trailers = new LinkedHashMap<>();
            trailers.put(CommitMessage.ROLLBACK_ID, rollback.rollbackId());
            if (planned.from() != null) {
                trailers.put(CommitMessage.ROLLBACK_OF, planned.from());
            }
            trailers.put(CommitMessage.ROLLBACK_TO, rollback.to());
            trailers.put(CommitMessage.HELD, String.join(",", planned.releases().stream().map(Rollback.RolledBackRelease::releaseId).toList()));
            result = bumper.bump(new BumpRequest(model, image, rollback.to(), rollback.rollbackId(), sourceCommit, true, trailers));
        }
        BumpResult r = result;
        LOG.log(Level.INFO, () -> rollback.rollbackId() + ": " + (rollback.dryRun() ? "planned " : r.replayed() ? "rolled back earlier " : "rolled back ")
                + r.from() + " -> " + r.to() + " in " + bumper.repoUrl() + " (" + r.commit() + "), undoing "
                + planned.releases().stream().map(Rollback.RolledBackRelease::releaseId).toList());
        return new GitOpsReverted(event.release(), planned, new GitOps(bumper.repoUrl(), bumper.branch(), result.commit(),
                result.files(), result.from(), result.to(), result.noop()));
    }
}
