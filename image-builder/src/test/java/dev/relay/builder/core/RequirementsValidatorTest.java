package dev.relay.builder.core;

import dev.relay.events.Pep503;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequirementsValidatorTest {

    private static final RequirementsPolicy STRICT = RequirementsPolicy.strict("promote");
    private static final RequirementsPolicy NO_PLATFORM = new RequirementsPolicy(false, false, false, null, false);

    private static ValidatedRequirements validate(RequirementsPolicy policy, Map<String, String> files) {
        return new RequirementsValidator(policy).validate(SourceFiles.of(files), "requirements.txt");
    }

    private static ValidatedRequirements validate(RequirementsPolicy policy, String requirements) {
        return validate(policy, Map.of("requirements.txt", requirements));
    }

    private static List<String> problems(RequirementsPolicy policy, Map<String, String> files) {
        try {
            validate(policy, files);
        } catch (InvalidRequirementsException e) {
            return e.problems();
        }
        throw new AssertionError("expected the requirements to be rejected");
    }

    private static List<String> problems(RequirementsPolicy policy, String requirements) {
        return problems(policy, Map.of("requirements.txt", requirements));
    }

    @Test
    void pinsInFileOrderWithNormalisedNames() {
        ValidatedRequirements r = validate(STRICT, """
                # platform first, as the runbook asks
                promote==1.10

                Flask_Login==0.6.3   # trailing comment
                numpy==1.26.4
                zope.interface==6.0
                """);
        assertThat(r.pins()).containsExactly(Map.entry("promote", "1.10"), Map.entry("flask-login", "0.6.3"),
                Map.entry("numpy", "1.26.4"), Map.entry("zope-interface", "6.0"));
    }

    @Test
    void extrasMarkersContinuationsAndHashesAreUnderstood() {
        ValidatedRequirements r = validate(NO_PLATFORM, """
                requests[security,socks]==2.31.0 ; python_version >= "3.8"
                six==1.16.0 \\
                    --hash=sha256:abcdef
                tomli == 2.0.1
                """);
        assertThat(r.pins()).containsExactly(Map.entry("requests", "2.31.0"), Map.entry("six", "1.16.0"),
                Map.entry("tomli", "2.0.1"));
        assertThat(r.requirements().get(0).extras()).containsExactly("security", "socks");
        assertThat(r.requirements().get(0).marker()).isEqualTo("python_version >= \"3.8\"");
        assertThat(r.lockFile()).contains("requests[security,socks]==2.31.0 ; python_version >= \"3.8\"", "six==1.16.0",
                "tomli==2.0.1");
    }

    @Test
    void includesAreExpandedInPlaceRelativeToTheIncludingFile() {
        Map<String, String> files = Map.of(
                "requirements.txt", "promote==1.10\n-r reqs/base.txt\nzzz==1\n",
                "reqs/base.txt", "--requirement=more.txt\nnumpy==1.26.4\n",
                "reqs/more.txt", "pandas==2.2.0\n");
        assertThat(validate(STRICT, files).pins().keySet()).containsExactly("promote", "pandas", "numpy", "zzz");
    }

    @Test
    void missingRequirementsFileMeansNoRequirements() {
        assertThat(new RequirementsValidator(STRICT).validate(SourceFiles.of(Map.of()), "requirements.txt").isEmpty()).isTrue();
    }

    @Test
    void unpinnedAndRangeRequirementsAreRejectedWithFileAndLine() {
        List<String> problems = problems(NO_PLATFORM, "numpy\npandas>=2.0\nscipy==1.*\n");
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("requirements.txt:1: ").contains("'numpy' is not pinned");
        assertThat(problems.get(1)).startsWith("requirements.txt:2: ").contains("is a range");
        assertThat(problems.get(2)).startsWith("requirements.txt:3: ").contains("is a range");
    }

    @Test
    void rangesAreAcceptedWhenAllowedButAreNotPins() {
        ValidatedRequirements r = validate(NO_PLATFORM.withAllowRanges(true), "numpy==1.26.4\npandas>=2.0,<3\n");
        assertThat(r.pins()).containsExactly(Map.entry("numpy", "1.26.4"));
        assertThat(r.lockFile()).contains("pandas>=2.0,<3");
    }

    @Test
    void samePackagePinnedTwiceToDifferentVersionsIsRejected() {
        Map<String, String> files = Map.of("requirements.txt", "Numpy==1.26.4\n-r other.txt\n", "other.txt", "numpy==1.25.0\n");
        List<String> problems = problems(NO_PLATFORM, files);
        assertThat(problems).singleElement().asString()
                .startsWith("other.txt:1: ").contains("'numpy' is declared twice", "requirements.txt:1");
    }

    @Test
    void samePinTwiceIsKeptOnce() {
        assertThat(validate(NO_PLATFORM, "numpy==1.26.4\nNumPy==1.26.4\n").requirements()).hasSize(1);
    }

    @Test
    void editableVcsAndUrlRequirementsAreRejectedByDefault() {
        List<String> problems = problems(NO_PLATFORM, """
                -e .
                git+https://example.invalid/x.git#egg=x
                pkg @ https://example.invalid/pkg-1.0.whl
                ./local/pkg-1.0-py3-none-any.whl
                """);
        assertThat(problems).hasSize(4).allSatisfy(p -> assertThat(p).contains("editable, VCS or URL requirement"));
        assertThat(problems.get(2)).startsWith("requirements.txt:3: ");
    }

    @Test
    void directReferencesPassThroughWhenThePlatformAllowsThem() {
        RequirementsPolicy lenient = new RequirementsPolicy(false, true, true, null, false);
        ValidatedRequirements r = validate(lenient, "--extra-index-url https://example.invalid/simple\n-e ./pkg\nsix==1.16.0\n");
        assertThat(r.passThrough()).containsExactly("--extra-index-url https://example.invalid/simple", "-e ./pkg");
        assertThat(r.pins()).containsOnlyKeys("six");
    }

    @Test
    void indexOptionsAreRejectedByDefault() {
        List<String> problems = problems(NO_PLATFORM, "--index-url https://example.invalid/simple\n"
                + "--extra-index-url=https://x.invalid\n-i https://y.invalid\nsix==1.16.0\n");
        assertThat(problems).hasSize(3).allSatisfy(p -> assertThat(p).contains("is not allowed"));
    }

    @Test
    void platformPackageMustComeFirst() {
        List<String> late = problems(STRICT, "numpy==1.26.4\npromote==1.10\n");
        assertThat(late).singleElement().asString().startsWith("requirements.txt:2: ")
                .contains("platform package 'promote' must be the first requirement", "'numpy'");
        List<String> missing = problems(STRICT, "numpy==1.26.4\n");
        assertThat(missing).singleElement().asString().contains("is not declared");
    }

    @Test
    void platformPackageIsComparedByNormalisedName() {
        assertThat(validate(RequirementsPolicy.strict("Relay_Promote"), "relay.promote==2\nsix==1\n").pins())
                .containsKeys("relay-promote", "six");
    }

    @Test
    void includesMustStayInsideTheRepositoryExistAndNotLoop() {
        Map<String, String> files = new HashMap<>();
        files.put("requirements.txt", "-r ../outside.txt\n-r /etc/passwd\n-r missing.txt\n-r a.txt\n");
        files.put("a.txt", "-r requirements.txt\n");
        List<String> problems = problems(NO_PLATFORM, files);
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("requirements.txt:1: ").contains("outside the repository");
        assertThat(problems.get(1)).startsWith("requirements.txt:2: ").contains("outside the repository");
        assertThat(problems.get(2)).startsWith("requirements.txt:3: ").contains("does not exist");
        assertThat(problems.get(3)).startsWith("a.txt:1: ").contains("includes itself");
    }

    @Test
    void malformedLinesAndOptionsAreNamed() {
        List<String> problems = problems(NO_PLATFORM, "numpy=1.0\n-c constraints.txt\n--pre\nbad name==1\nx==1 ;\n");
        assertThat(problems).hasSize(5);
        assertThat(problems.get(0)).startsWith("requirements.txt:1: ").contains("invalid version specifier");
        assertThat(problems.get(1)).startsWith("requirements.txt:2: ").contains("constraints files");
        assertThat(problems.get(2)).startsWith("requirements.txt:3: ").contains("unsupported option '--pre'");
        assertThat(problems.get(3)).startsWith("requirements.txt:4: ");
        assertThat(problems.get(4)).startsWith("requirements.txt:5: ").contains("empty environment marker");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        assertThatThrownBy(() -> validate(STRICT, "numpy\n-e .\n"))
                .isInstanceOfSatisfying(InvalidRequirementsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("invalid-requirements");
                    assertThat(e.getMessage()).isEqualTo("3 problems in the requirements, first: requirements.txt:1: "
                            + "'numpy' is not pinned; pin it with numpy==<version>");
                    assertThat(e.detail()).isEqualTo(String.join("\n", e.problems()));
                    assertThat(e.problems()).hasSize(3);
                    assertThat(e.problems().get(1)).startsWith("requirements.txt:2: ");
                    assertThat(e.problems().get(2)).contains("'promote'");
                });
    }

    @Test
    void hashInsideAWordIsNotAComment() {
        assertThat(RequirementsValidator.stripComment("pkg==1.0#notacomment")).isEqualTo("pkg==1.0#notacomment");
        assertThat(RequirementsValidator.stripComment("pkg==1.0 # comment")).isEqualTo("pkg==1.0");
    }

    @Test
    void pep503Normalisation() {
        assertThat(Pep503.normalize("Foo__Bar.-baz")).isEqualTo("foo-bar-baz");
    }

    @Test
    void continuationOnTheLastLineWithoutNewlineIsStillRead() {
        ValidatedRequirements r = validate(NO_PLATFORM, "six==1.16.0\ntomli==2.0.1 \\\n    --hash=sha256:abcdef \\");
        assertThat(r.pins()).containsExactly(Map.entry("six", "1.16.0"), Map.entry("tomli", "2.0.1"));
        assertThat(problems(NO_PLATFORM, "six==1.16.0\nnumpy \\")).singleElement().asString()
                .startsWith("requirements.txt:2:").contains("'numpy' is not pinned");
    }

    @Test
    void echoedDirectReferencesCarryNoCredentials() {
        List<String> problems = problems(NO_PLATFORM, """
                git+https://bot:s3cr3t-token@git.example/org/lib.git@v1#egg=lib
                -e git+https://oauth2:glpat-xyz@gitlab.example/org/other.git#egg=other
                lib2 @ https://user:pa55@files.example/lib2-1.0.tar.gz
                -r https://reader:t0k@git.example/base.txt
                """);
        assertThat(problems).hasSize(4);
        assertThat(String.join("\n", problems)).doesNotContain("s3cr3t-token", "glpat-xyz", "pa55", "t0k", "bot:", "oauth2:", "reader:");
        assertThat(problems.get(0)).contains("'git+https://***@git.example/org/lib.git@v1#egg=lib'");
        assertThat(problems.get(1)).contains("'-e git+https://***@gitlab.example/org/other.git#egg=other'");
        assertThat(problems.get(2)).contains("'lib2 @ https://***@files.example/lib2-1.0.tar.gz'");
        assertThat(problems.get(3)).contains("'https://***@git.example/base.txt'");
    }
}
