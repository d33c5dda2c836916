package dev.relay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitFixturesTest {

    @TempDir
    Path tmp;

    @Test
    void commitsAndBothKindsOfTagReachTheBareRepository() throws Exception {
        Path bare = GitFixtures.bareRepository(tmp, "model");
        String commit;
        try (var work = GitFixtures.clone(bare, tmp.resolve("work"))) {
            commit = work.write("requirements.txt", "promote==1.10\n").commit("first");
            work.tagLightweight("v1").tagAnnotated("v2", "second release").push();
        }

        try (Git git = Git.open(bare.toFile())) {
            var repo = git.getRepository();
            assertThat(repo.resolve("refs/heads/main").name()).isEqualTo(commit);
            assertThat(repo.resolve("v1^{commit}").name()).isEqualTo(commit);
            Ref annotated = repo.getRefDatabase().peel(repo.exactRef("refs/tags/v2"));
            assertThat(annotated.getPeeledObjectId().name()).isEqualTo(commit);
            assertThat(annotated.getObjectId().name()).isNotEqualTo(commit);
        }
    }
}
