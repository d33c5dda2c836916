package dev.relay.builder.core;

import dev.relay.events.Campaign;
import dev.relay.events.Pep503;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A campaign's pin of the platform package ({@code promote==1.11}), installed instead of the model's own pin of it.
 * It is applied to the validated, de-duplicated requirements before the "platform package first" check, so that rule
 * holds for what is actually installed: a model that pins the package keeps it where it declared it (first, or the
 * check fails as for a release), and a model that does not declare it gets the campaign's pin as its first requirement.
 *
 * @param name    the package as the campaign names it; compared PEP 503-normalised
 * @param version the version the campaign installs
 */
public record PlatformPin(String name, String version) {

    /** Where an added pin says it comes from, should a message ever name its location. */
    static final String SOURCE = "campaign";

    /** The campaign's pin, empty when the campaign keeps each model's own ({@code platformPackage} null). */
    public static Optional<PlatformPin> of(Campaign campaign) {
        return campaign == null || campaign.platformPackage() == null ? Optional.empty()
                : Optional.of(parse(campaign.platformPackage()));
    }

    /** {@code name==version}, as the contract validates a campaign's {@code platformPackage}. */
    public static PlatformPin parse(String pin) {
        int eq = pin == null ? -1 : pin.indexOf("==");
        if (eq <= 0 || eq + 2 >= pin.length()) {
            throw new IllegalArgumentException("'" + pin + "' is not a pin (name==version)");
        }
        return new PlatformPin(pin.substring(0, eq).strip(), pin.substring(eq + 2).strip());
    }

    public String normalizedName() {
        return Pep503.normalize(name);
    }

    /**
     * The requirements with every requirement of this package pinned to this version instead (its extras, marker and
     * location kept), or with this pin added first when none names the package.
     */
    public List<Requirement> applyTo(List<Requirement> requirements) {
        List<Requirement> result = new ArrayList<>(requirements.size() + 1);
        boolean declared = false;
        for (Requirement r : requirements) {
            if (r.normalizedName().equals(normalizedName())) {
                declared = true;
                result.add(new Requirement(r.name(), r.extras(), "==" + version, r.marker(), r.file(), r.line()));
            } else {
                result.add(r);
            }
        }
        if (!declared) {
            result.add(0, new Requirement(name, List.of(), "==" + version, "", SOURCE, 0));
        }
        return List.copyOf(result);
    }
}
