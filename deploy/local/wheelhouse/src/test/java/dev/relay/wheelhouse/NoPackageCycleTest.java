package dev.relay.wheelhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The module's classes point at no other package of the project, so there can be no package
 * cycle. It asks jdeps directly, with the command line {@code testkit}'s {@code PackageArrows}
 * uses: that class cannot be used here because testkit depends on this module, and Maven refuses a
 * module cycle even through test scope.
 */
class NoPackageCycleTest {

    @Test
    void theClassesPointAtNoOtherPackageOfTheProject() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-e", "dev\\.relay\\..*", "target/classes");

        assertThat(code).as(err.toString()).isZero();
        // Each arrow is a line "  <from> -> <to>  <where>"; only arrows to dev.relay packages are printed.
        assertThat(out.toString().lines().map(line -> line.trim().split("\\s+"))
                .filter(arrow -> arrow.length >= 3 && arrow[1].equals("->") && !arrow[0].equals(arrow[2])))
                .as(out.toString()).isEmpty();
    }
}
