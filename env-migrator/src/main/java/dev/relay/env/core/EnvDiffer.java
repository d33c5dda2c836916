package dev.relay.env.core;

import dev.relay.events.EnvDiff;
import dev.relay.events.Environment;
import dev.relay.events.PackageChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What changed between two environments; downgrades and major-version jumps are flagged for a human look. */
public final class EnvDiffer {

    private EnvDiffer() {
    }

    /** @param from the earlier environment, null when there is none (everything is added) */
    public static EnvDiff diff(Environment from, Environment to) {
        Map<String, String> before = from == null ? Map.of() : from.packages();
        Map<String, String> after = to.packages();
        List<PackageChange> added = new ArrayList<>();
        List<PackageChange> removed = new ArrayList<>();
        List<PackageChange> upgraded = new ArrayList<>();
        List<PackageChange> downgraded = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            String a = before.get(name);
            String b = after.get(name);
            if (a == null) {
                added.add(new PackageChange(name, null, b, false));
            } else if (b == null) {
                removed.add(new PackageChange(name, a, null, false));
            } else if (!Pep440Version.same(a, b)) {
                int order = compare(a, b);
                if (order < 0) {
                    upgraded.add(new PackageChange(name, a, b, majorJump(a, b)));
                } else {
                    downgraded.add(new PackageChange(name, a, b, true));
                }
            }
        }
        PackageChange python = null;
        if (from != null && !Pep440Version.same(from.python(), to.python())) {
            python = new PackageChange("python", from.python(), to.python(),
                    compare(from.python(), to.python()) > 0 || majorJump(from.python(), to.python()));
        }
        return new EnvDiff(added, removed, upgraded, downgraded, python);
    }

    private static int compare(String a, String b) {
        if (Pep440Version.isValid(a) && Pep440Version.isValid(b)) {
            return Pep440Version.parse(a).compareTo(Pep440Version.parse(b));
        }
        return a.compareTo(b);
    }

    private static boolean majorJump(String a, String b) {
        if (!Pep440Version.isValid(a) || !Pep440Version.isValid(b)) {
            return true; // cannot tell: let a human look
        }
        Pep440Version x = Pep440Version.parse(a);
        Pep440Version y = Pep440Version.parse(b);
        return x.epoch() != y.epoch() || x.major() != y.major();
    }

    public static boolean isEmpty(EnvDiff d) {
        return d.added().isEmpty() && d.removed().isEmpty() && d.upgraded().isEmpty() && d.downgraded().isEmpty()
                && d.python() == null;
    }
}
