package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PythonConstraintTest {

    @Test
    void rangeConstraint() {
        PythonConstraint c = PythonConstraint.parse(">=3.8,<3.12");
        assertThat(c.isSatisfiedBy("3.11.2")).isTrue();
        assertThat(c.isSatisfiedBy("3.8")).isTrue();
        assertThat(c.isSatisfiedBy("3.12.0")).isFalse();
        assertThat(c.isSatisfiedBy("3.7.17")).isFalse();
    }

    @Test
    void wildcardCompatibleAndExclusion() {
        assertThat(PythonConstraint.parse("==3.11.*").isSatisfiedBy("3.11.2")).isTrue();
        assertThat(PythonConstraint.parse("==3.11.*").isSatisfiedBy("3.10.2")).isFalse();
        assertThat(PythonConstraint.parse("~=3.10").isSatisfiedBy("3.11.2")).isTrue();
        assertThat(PythonConstraint.parse("~=3.10").isSatisfiedBy("4.0")).isFalse();
        assertThat(PythonConstraint.parse("~=3.10.1").isSatisfiedBy("3.11.0")).isFalse();
        assertThat(PythonConstraint.parse(" >= 3.9 , != 3.11.2 ").isSatisfiedBy("3.11.2")).isFalse();
        assertThat(PythonConstraint.parse("==3.11").isSatisfiedBy("3.11.0")).isTrue();
    }

    @Test
    void anExclusiveUpperBoundExcludesPreReleasesOfTheBound() {
        PythonConstraint c = PythonConstraint.parse(">=3.8,<3.12");
        assertThat(c.isSatisfiedBy("3.12.0rc1")).isFalse();
        assertThat(c.isSatisfiedBy("3.12.0a7")).isFalse();
        assertThat(c.isSatisfiedBy("3.12.0.dev1")).isFalse();
        assertThat(c.isSatisfiedBy("3.11.9")).isTrue();
        // Only pre-releases of the bound itself: an earlier pre-release is still below it.
        assertThat(PythonConstraint.parse("<3.12").isSatisfiedBy("3.11.0rc1")).isTrue();
        // A pre-release bound compares as usual.
        assertThat(PythonConstraint.parse("<3.12.0rc2").isSatisfiedBy("3.12.0rc1")).isTrue();
        assertThat(PythonConstraint.parse("<3.12.0rc2").isSatisfiedBy("3.12.0rc2")).isFalse();
        assertThat(PythonConstraint.parse("<=3.12").isSatisfiedBy("3.12.0rc1")).isTrue();
    }

    @Test
    void prefixMatchingNeverFailsAtMatchTime() {
        // Versions with epochs, a "v" or suffixes in ~= and .* used to parse and then throw NumberFormatException
        // while matching; they are refused when parsed, or matched the PEP 440 way.
        assertThatThrownBy(() -> PythonConstraint.parse("~=1!3.10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'~=1!3.10'").hasMessageContaining("epochs");
        assertThatThrownBy(() -> PythonConstraint.parse("==1!3.*")).hasMessageContaining("epochs");
        assertThatThrownBy(() -> PythonConstraint.parse("==3.11rc1.*")).hasMessageContaining("only release numbers");
        assertThatThrownBy(() -> PythonConstraint.parse("==v3.11.*")).hasMessageContaining("only release numbers");
        assertThatThrownBy(() -> PythonConstraint.parse("~=3")).hasMessageContaining("two release segments");
        assertThatThrownBy(() -> PythonConstraint.parse("~=3.post1")).hasMessageContaining("two release segments");
        assertThatThrownBy(() -> PythonConstraint.parse(">=99999999999999999999"))
                .hasMessageContaining("not a PEP 440 version");
        assertThat(PythonConstraint.parse("~=v3.10").isSatisfiedBy("3.11.2")).isTrue();
        assertThat(PythonConstraint.parse("~=3.10-rc.1").isSatisfiedBy("3.11.2")).isTrue();
        assertThat(PythonConstraint.parse("~=3.10-rc.1").isSatisfiedBy("4.0")).isFalse();
        assertThat(PythonConstraint.parse("~=3.10.post1").isSatisfiedBy("3.11.2")).isTrue();
        assertThat(PythonConstraint.parse("~=3.0").isSatisfiedBy("3.11.2")).isTrue();
        assertThat(PythonConstraint.parse(">=1!3.10").isSatisfiedBy("3.11.2")).isFalse();
        assertThat(PythonConstraint.parse(">=3.8").isSatisfiedBy("99999999999999999999.1")).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> PythonConstraint.parse("3.11")).hasMessageContaining("not a version specifier");
        assertThatThrownBy(() -> PythonConstraint.parse(">=three")).hasMessageContaining("not a PEP 440 version");
        assertThatThrownBy(() -> PythonConstraint.parse(">=3.*")).hasMessageContaining("only allowed with == and !=");
    }
}
