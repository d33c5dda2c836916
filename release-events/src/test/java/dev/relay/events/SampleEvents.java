package dev.relay.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One valid instance of every event of the contract. */
final class SampleEvents {

    static final Release RELEASE = Release.of("hello-model", "v0.0.11", "https://git.example/ml/hello-model.git",
            "0123456789abcdef0123456789abcdef01234567", "ada", Instant.parse("2026-11-21T10:15:30Z"));
    static final Image IMAGE = new Image("registry.local:5000/hello-model:v0.0.11", "sha256:" + "a".repeat(64),
            null, 152_000_000L, "relay/python-base:3.11");

    private SampleEvents() {
    }

    static List<RelayEvent> all() {
        Map<String, String> pins = new LinkedHashMap<>();
        pins.put("promote", "1.10");
        pins.put("requests", "2.32.3");
        return List.of(
                new ReleaseTagged(RELEASE),
                new ImageBuilt(RELEASE, IMAGE, pins, 42.5),
                new EnvVerified(RELEASE, IMAGE, new Environment("3.11.2", pins),
                        new EnvDiff(List.of(new PackageChange("numpy", null, "2.1.0", false)), List.of(),
                                List.of(new PackageChange("requests", "1.0.0", "2.32.3", true)), List.of(),
                                new PackageChange("python", "3.10.12", "3.11.2", false)),
                        List.of(new Check("pins", true, "2 of 2 pins installed"), new Check("pip-check", true, ""))),
                new ModelInfoMigrated(RELEASE, IMAGE,
                        new Migrations(List.of("1700000000000_add-baz"), List.of(), "modelinfo", 12)),
                new GitOpsUpdated(RELEASE, IMAGE, new GitOps("https://git.example/ops.git", "main",
                        "fedcba9876543210fedcba9876543210fedcba98", List.of("apps/hello/deployment.yml"),
                        "hello-model:v0.0.10", "hello-model:v0.0.11", false)),
                new ReleaseFailed(RELEASE, "image-builder", "build-failed", "The image build failed", "step 3/7 ..."),
                new ReleaseStatus(RELEASE, "env-migrator", ReleaseStatus.State.succeeded,
                        Instant.parse("2026-11-21T10:16:00Z"), 3150));
    }
}
