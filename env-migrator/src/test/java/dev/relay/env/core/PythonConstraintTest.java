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
    void rejectsNonsense() {
        assertThatThrownBy(() -> PythonConstraint.parse("3.11")).hasMessageContaining("not a version specifier");
        assertThatThrownBy(() -> PythonConstraint.parse(">=three")).hasMessageContaining("not a PEP 440 version");
        assertThatThrownBy(() -> PythonConstraint.parse(">=3.*")).hasMessageContaining("only allowed with == and !=");
    }
}
