package dev.relay.env.core.campaign;

import dev.relay.events.EnvDiff;
import dev.relay.events.PackageChange;
import java.util.ArrayList;
import java.util.List;

/**
 * A campaign row's package diff against the model's current environment, short enough for one spreadsheet cell:
 * counts, and the first changed packages by name.
 */
public record DiffSummary(int added, int removed, int upgraded, int downgraded, String text) {

    private static final int NAMED = 5;

    public static final DiffSummary NONE = new DiffSummary(0, 0, 0, 0, "");

    public static DiffSummary of(EnvDiff diff) {
        if (diff == null) {
            return NONE;
        }
        List<String> parts = new ArrayList<>();
        part(parts, "added", diff.added(), false);
        part(parts, "removed", diff.removed(), false);
        part(parts, "upgraded", diff.upgraded(), true);
        part(parts, "downgraded", diff.downgraded(), true);
        return new DiffSummary(diff.added().size(), diff.removed().size(), diff.upgraded().size(), diff.downgraded().size(),
                String.join("; ", parts));
    }

    private static void part(List<String> parts, String label, List<PackageChange> changes, boolean versions) {
        if (changes.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (PackageChange c : changes.subList(0, Math.min(NAMED, changes.size()))) {
            names.add(versions ? c.name() + " " + c.from() + "→" + c.to() : c.name());
        }
        String more = changes.size() > NAMED ? " and " + (changes.size() - NAMED) + " more" : "";
        parts.add(label + " " + changes.size() + " (" + String.join(", ", names) + more + ")");
    }
}
