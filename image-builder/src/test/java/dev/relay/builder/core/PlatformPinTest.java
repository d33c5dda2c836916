package dev.relay.builder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.events.Campaign;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A campaign's platform package pin in place of the model's: plain JUnit, on the validator's own requirements. */
class PlatformPinTest {

    private static final RequirementsPolicy POLICY = RequirementsPolicy.strict("promote");

    private static ValidatedRequirements validate(String requirements, Optional<PlatformPin> pin) {
        return new RequirementsValidator(POLICY).validate(SourceFiles.of(Map.of("requirements.txt", requirements)),
                "requirements.txt", pin);
    }

    @Test
    void aPinIsParsedFromTheCampaignAndAbsentWhenItKeepsTheModelsPins() {
        assertThat(PlatformPin.parse("Promote==1.11")).isEqualTo(new PlatformPin("Promote", "1.11"));
        assertThat(PlatformPin.of(new Campaign("c", "n", "b:1", "promote==1.11", Campaign.Step.rebuild)))
                .contains(new PlatformPin("promote", "1.11"));
        assertThat(PlatformPin.of(new Campaign("c", "n", "b:1", null, Campaign.Step.rebuild))).isEmpty();
        assertThat(PlatformPin.of(null)).isEmpty();
        assertThatThrownBy(() -> PlatformPin.parse("promote>=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlatformPin.parse("promote==")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theModelsPinIsReplacedWhereItIsComparingNormalisedNamesAndKeepingItsExtrasAndMarker() {
        List<Requirement> model = List.of(
                new Requirement("Promote_CLI", List.of("fast"), "==1.10", "python_version >= \"3.8\"", "requirements.txt", 2),
                new Requirement("six", List.of(), "==1.16.0", "", "requirements.txt", 3));
        List<Requirement> pinned = new PlatformPin("promote.cli", "1.11").applyTo(model);
        assertThat(pinned).containsExactly(
                new Requirement("Promote_CLI", List.of("fast"), "==1.11", "python_version >= \"3.8\"", "requirements.txt", 2),
                model.get(1));
        assertThat(pinned.get(0).toPipLine()).isEqualTo("promote-cli[fast]==1.11 ; python_version >= \"3.8\"");
    }

    @Test
    void aModelThatDoesNotDeclareThePackageGetsThePinFirst() {
        List<Requirement> model = List.of(new Requirement("six", List.of(), "==1.16.0", "", "requirements.txt", 1));
        List<Requirement> pinned = new PlatformPin("promote", "1.11").applyTo(model);
        assertThat(pinned).extracting(Requirement::toPipLine).containsExactly("promote==1.11", "six==1.16.0");
        assertThat(new PlatformPin("promote", "1.11").applyTo(List.of())).extracting(Requirement::toPipLine)
                .containsExactly("promote==1.11");
    }

    @Test
    void theValidatedPinsAndTheLockFileAreWhatIsInstalled() {
        ValidatedRequirements reqs = validate("promote==1.10\nsix==1.16.0\n",
                Optional.of(new PlatformPin("promote", "1.11")));
        assertThat(reqs.pins()).containsExactly(Map.entry("promote", "1.11"), Map.entry("six", "1.16.0"));
        assertThat(reqs.lockFile()).contains("promote==1.11\nsix==1.16.0\n").doesNotContain("1.10");
    }

    @Test
    void withoutThePlatformPackageTheCampaignPinComesFirstAndPassesThePlatformRule() {
        ValidatedRequirements reqs = validate("six==1.16.0\n", Optional.of(new PlatformPin("promote", "1.11")));
        assertThat(reqs.pins()).containsExactly(Map.entry("promote", "1.11"), Map.entry("six", "1.16.0"));
        // the same file without a campaign fails the platform rule, as for any release
        assertThatThrownBy(() -> validate("six==1.16.0\n", Optional.empty()))
                .isInstanceOf(InvalidRequirementsException.class).hasMessageContaining("it is not declared");
    }

    @Test
    void thePlatformPackageDeclaredAfterAnotherStillBreaksThePlatformRule() {
        assertThatThrownBy(() -> validate("six==1.16.0\npromote==1.10\n", Optional.of(new PlatformPin("promote", "1.11"))))
                .isInstanceOf(InvalidRequirementsException.class)
                .hasMessageContaining("requirements.txt:2: the platform package 'promote' must be the first requirement, "
                        + "but 'six' (requirements.txt:1) comes before it");
    }

    @Test
    void aModelWithoutRequirementsInstallsOnlyTheCampaignPin() {
        ValidatedRequirements none = new RequirementsValidator(POLICY).validate(SourceFiles.of(Map.of()), "requirements.txt",
                Optional.of(new PlatformPin("promote", "1.11")));
        assertThat(none.pins()).containsExactly(Map.entry("promote", "1.11"));
        assertThat(new RequirementsValidator(POLICY).validate(SourceFiles.of(Map.of()), "requirements.txt", Optional.empty()))
                .isEqualTo(ValidatedRequirements.NONE);
    }
}
