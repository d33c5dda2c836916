package dev.relay.bumper.core;

import dev.relay.events.Campaign;
import dev.relay.events.Release;
import dev.relay.events.Rollback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model's GitOps history says is deployed, read from the commit trailers, oldest first, as a
 * stack: a release's bump pushes it, a rollback pops back to its target, a rollback by hand pops one.
 * The top is the current release. Also the holds: releases a rollback undid, until a hold-lift commit.
 * A campaign's rollout changes the image of the release it names, not the stack.
 * The GitOps repository is the only record: every replica reads the same answer, a restart loses nothing.
 */
public final class DeployHistory {

    /** A release as deployed: what its bump commit recorded. */
    public record Deployed(String releaseId, String version, String sourceCommit, String sourceRepo, String image,
                           List<String> irreversible) {
    }

    /** A rollback that cannot be planned: the REST answer is a 400 naming {@link #field}. */
    public static final class Refused extends RuntimeException {
        private final String field;

        public Refused(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * @param from     the current release
     * @param target   the release that becomes current again
     * @param undone   the releases above the target, newest first
     */
    public record Plan(Deployed from, Deployed target, List<Deployed> undone) {

        /** Migrations without a down among the undone releases: a rollback across them changes nothing. */
        public List<String> irreversible() {
            return undone.stream().flatMap(d -> d.irreversible().stream()).toList();
        }

        public List<Rollback.RolledBackRelease> rolledBack() {
            return undone.stream().map(d -> new Rollback.RolledBackRelease(d.releaseId(), d.version(), d.sourceCommit(),
                    d.image(), d.irreversible())).toList();
        }
    }

    private final String model;
    private final List<Deployed> stack = new ArrayList<>();
    private final Map<String, Deployed> everDeployed = new HashMap<>();
    private final Map<String, String> holds = new LinkedHashMap<>();
    private final java.util.Set<String> undone = new java.util.HashSet<>();

    private DeployHistory(String model) {
        this.model = model;
    }

    /** @param newestFirst the model's commits ({@code Relay-Model} trailer), as the history walk returns them */
    public static DeployHistory of(String model, List<GitOpsCommit> newestFirst) {
        DeployHistory h = new DeployHistory(model);
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            h.apply(newestFirst.get(i));
        }
        return h;
    }

    private void apply(GitOpsCommit c) {
        Optional<String> lifted = c.trailer(CommitMessage.HOLD_LIFTED);
        if (lifted.isPresent()) {
            holds.remove(lifted.get());
            return;
        }
        Optional<String> image = c.trailer(CommitMessage.IMAGE);
        if (image.isEmpty()) {
            return;
        }
        Optional<String> rollbackId = c.trailer(CommitMessage.ROLLBACK_ID);
        if (rollbackId.isPresent()) {
            String to = c.trailer(CommitMessage.ROLLBACK_TO).orElse(null);
            while (stack.size() > 1 && !Objects.equals(top().version(), to)) {
                pop();
            }
            for (String held : list(c.trailer(CommitMessage.HELD).orElse(""))) {
                holds.put(held, rollbackId.get());
            }
            return;
        }
        if (c.trailer(CommitMessage.ROLLBACK).isPresent()) {
            if (stack.size() > 1) {
                pop();
            }
            return;
        }
        String releaseId = c.trailer(CommitMessage.RELEASE_ID).orElse(null);
        Optional<Campaign.Id> rollout = releaseId == null ? Optional.empty() : Campaign.parse(releaseId);
        if (rollout.isPresent()) {
            rollout(rollout.get().releaseId(), c, image.get());
            return;
        }
        String version = releaseId != null && releaseId.contains("@") ? releaseId.substring(releaseId.indexOf('@') + 1)
                : ImageRef.tryParse(image.get()).map(ImageRef::version).orElse(image.get());
        Deployed d = new Deployed(releaseId, version, c.trailer(CommitMessage.SOURCE_COMMIT).orElse(null),
                c.trailer(CommitMessage.SOURCE_REPO).orElse(null), image.get(),
                list(c.trailer(CommitMessage.IRREVERSIBLE).orElse("")));
        if (!stack.isEmpty() && Objects.equals(top().releaseId(), releaseId) && top().image().equals(d.image())) {
            return;
        }
        stack.add(d);
        if (releaseId != null) {
            everDeployed.put(releaseId, d);
            undone.remove(releaseId);
        }
    }

    /**
     * A campaign's rollout puts another image of a release in place (rebuilt on the campaign's base image, or the
     * one from before the campaign): the release stays what is deployed. Neither the rollout's id nor a second entry
     * of the release goes on the stack, or a rollback would plan back to the release itself and hold the rollout.
     */
    private void rollout(String releaseId, GitOpsCommit c, String image) {
        Deployed known = everDeployed.get(releaseId);
        Deployed d = known != null
                ? new Deployed(releaseId, known.version(), known.sourceCommit(), known.sourceRepo(), image, known.irreversible())
                : new Deployed(releaseId, releaseId.substring(releaseId.indexOf('@') + 1),
                        c.trailer(CommitMessage.SOURCE_COMMIT).orElse(null), c.trailer(CommitMessage.SOURCE_REPO).orElse(null),
                        image, List.of());
        if (!stack.isEmpty() && releaseId.equals(top().releaseId())) {
            stack.set(stack.size() - 1, d);
        } else {
            // The model had moved on (or was never deployed through this history): the rollout made the release current.
            stack.add(d);
            undone.remove(releaseId);
        }
        everDeployed.put(releaseId, d);
    }

    private void pop() {
        Deployed popped = stack.remove(stack.size() - 1);
        if (popped.releaseId() != null) {
            undone.add(popped.releaseId());
        }
    }

    /** True when a rollback undid the release after its last bump: bumping it again is a new deployment, not a replay. */
    public boolean undone(String releaseId) {
        return undone.contains(releaseId);
    }

    private Deployed top() {
        return stack.get(stack.size() - 1);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public Optional<Deployed> current() {
        return stack.isEmpty() ? Optional.empty() : Optional.of(top());
    }

    /** A release this history ever deployed, by id. */
    public Optional<Deployed> deployed(String releaseId) {
        return Optional.ofNullable(everDeployed.get(releaseId));
    }

    /** The rollback that holds this release, if one does. */
    public Optional<String> heldBy(String releaseId) {
        return Optional.ofNullable(holds.get(releaseId));
    }

    /** Held release id → the rollback id that holds it, in the order they were held. */
    public Map<String, String> holds() {
        return Map.copyOf(holds);
    }

    /**
     * Plans a rollback to {@code to} (a version), or, when null, to the release deployed before the current one.
     *
     * @throws Refused when there is nothing to roll back, {@code to} was never deployed here or is current
     */
    public Plan plan(String to) {
        if (stack.isEmpty()) {
            throw new Refused("model", "no release of " + model + " was ever deployed through this GitOps repository");
        }
        Deployed current = top();
        if (to != null && to.equals(current.version())) {
            throw new Refused("to", "'" + to + "' is the current release of " + model + "; there is nothing to roll back");
        }
        for (int i = stack.size() - 2; i >= 0; i--) {
            Deployed candidate = stack.get(i);
            if (candidate.releaseId() != null && (to == null || to.equals(candidate.version()))) {
                List<Deployed> undone = new ArrayList<>();
                for (int j = stack.size() - 1; j > i; j--) {
                    if (stack.get(j).releaseId() != null) {
                        undone.add(stack.get(j));
                    }
                }
                return new Plan(current, candidate, List.copyOf(undone));
            }
        }
        if (to == null) {
            throw new Refused("to", "nothing was deployed before " + Release.releaseIdOf(model, current.version())
                    + "; there is no release to roll back to");
        }
        throw new Refused("to", "'" + to + "' was never released as " + model + " before the current release "
                + current.version() + " (or a rollback already undid it)");
    }
}
