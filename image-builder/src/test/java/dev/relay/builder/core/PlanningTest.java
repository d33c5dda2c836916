package dev.relay.builder.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .dockerignore, the generated Dockerfile, the context layout and build ordering. */
class PlanningTest {

    @TempDir
    Path tmp;

    @Test
    void dockerIgnoreFollowsTheEngineRules() {
        DockerIgnore ignore = DockerIgnore.parse("# comment\n*.log\n/data\n**/__pycache__\n!keep.log\nsecret?/\n");
        assertThat(ignore.ignores("app.log")).isTrue();
        assertThat(ignore.ignores("keep.log")).isFalse();
        assertThat(ignore.ignores("sub/app.log")).isFalse();
        assertThat(ignore.ignores("data/big.bin")).isTrue();
        assertThat(ignore.ignores("src/pkg/__pycache__/x.pyc")).isTrue();
        assertThat(ignore.ignores("__pycache__/x.pyc")).isTrue();
        assertThat(ignore.ignores("secret1/key")).isTrue();
        assertThat(ignore.ignores("model.py")).isFalse();
    }

    @Test
    void generatedDockerfilePutsDependenciesBeforeCodeAndMakesTheVenvTheDefaultPython() {
        String df = new DockerfileGenerator().render("hello", "relay/python-base:3.11", true, true,
                PackageSource.wheelhouse(Path.of("/w")));
        assertThat(df).startsWith("# Generated").contains("FROM relay/python-base:3.11");
        assertThat(df).contains("ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH",
                "pip install --no-cache-dir --disable-pip-version-check --no-index --find-links /opt/relay/wheelhouse -r /opt/relay/requirements.txt");
        assertThat(df.indexOf("COPY wheelhouse/")).isLessThan(df.indexOf("RUN sh /opt/relay/promote.sh"));
        assertThat(df.indexOf("RUN sh /opt/relay/promote.sh")).isLessThan(df.indexOf("python3 -m venv"));
        assertThat(df.indexOf("python3 -m venv")).isLessThan(df.indexOf("pip install"));
        assertThat(df.indexOf("pip install")).isLessThan(df.indexOf("COPY model/"));

        String bare = new DockerfileGenerator().render("hello", "base:1", false, false, PackageSource.index("https://pypi.example/simple"));
        assertThat(bare).doesNotContain("promote.sh", "pip install", "wheelhouse");
    }

    @Test
    void contextOfAGeneratedBuildKeepsTheModelApartAndHonoursDockerignore() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("model.py"), "print('hi')\n");
        Files.writeString(src.resolve("promote.sh"), "echo promoted\n");
        Files.writeString(src.resolve(".dockerignore"), "*.bin\n");
        Files.writeString(src.resolve("weights.bin"), "xxxx");
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        Files.writeString(wheels.resolve("a-1-py3-none-any.whl"), "w");
        ValidatedRequirements reqs = new RequirementsValidator(RequirementsPolicy.strict("promote"))
                .validate(SourceFiles.of(Map.of("requirements.txt", "promote==1.0\n")), "requirements.txt");

        BuildContextAssembler.Plan plan = new BuildContextAssembler(new DockerfileGenerator()).assemble("hello", src,
                tmp.resolve("ctx"), reqs, "other:1", PackageSource.wheelhouse(wheels));

        assertThat(plan.generated()).isTrue();
        assertThat(plan.baseImage()).isEqualTo("other:1");
        Path ctx = plan.contextDir();
        assertThat(ctx.resolve("model/model.py")).exists();
        assertThat(ctx.resolve("model/weights.bin")).doesNotExist();
        assertThat(ctx.resolve("promote.sh")).exists();
        assertThat(ctx.resolve("wheelhouse/a-1-py3-none-any.whl")).exists();
        assertThat(Files.readString(ctx.resolve("requirements.lock.txt"))).contains("promote==1.0");
        assertThat(Files.readString(ctx.resolve("Dockerfile"))).contains("FROM other:1");
    }

    @Test
    void aModelsOwnDockerfileIsUsedAsIs() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("own"));
        Files.writeString(src.resolve("Dockerfile"), "# mine\nFROM --platform=linux/amd64 relay/python-base:3.11 AS base\nRUN true\n");
        Files.writeString(src.resolve(".dockerignore"), "Dockerfile\nsecret.txt\n");
        Files.writeString(src.resolve("secret.txt"), "s");
        BuildContextAssembler.Plan plan = new BuildContextAssembler(new DockerfileGenerator()).assemble("own", src,
                tmp.resolve("ctx2"), ValidatedRequirements.NONE, "x", PackageSource.none());
        assertThat(plan.generated()).isFalse();
        assertThat(plan.baseImage()).isEqualTo("relay/python-base:3.11");
        assertThat(plan.contextDir().resolve("Dockerfile")).exists();
        assertThat(plan.contextDir().resolve("secret.txt")).doesNotExist();
    }

    @Test
    void imageRefsKeepTheRegistryPathAndMakeTheVersionATag() {
        BuilderSettings local = new BuilderSettings("b", RequirementsPolicy.strict("promote"), PackageSource.none(), Optional.empty(), 1, tmp);
        BuilderSettings remote = new BuilderSettings("b", RequirementsPolicy.strict("promote"), PackageSource.none(),
                Optional.of("registry.example:5000/models//"), 1, tmp);
        assertThat(local.imageRef("m", "v1.2.3")).isEqualTo("m:v1.2.3");
        assertThat(remote.imageRef("m", "release/v1+b")).isEqualTo("registry.example:5000/models/m:release_v1_b");
    }
}
