package dev.relay.events;

import java.time.Clock;

/**
 * Builds the {@code release.status} and {@code release.failed} events a stage publishes around its
 * work, so every service reports its timeline the same way.
 */
public final class StageEvents {

    private final String stage;
    private final Clock clock;

    public StageEvents(String stage, Clock clock) {
        this.stage = stage;
        this.clock = clock;
    }

    public StageEvents(String stage) {
        this(stage, Clock.systemUTC());
    }

    public String stage() {
        return stage;
    }

    /** The CloudEvents source of this stage's events. */
    public String source() {
        return "/relay/" + stage;
    }

    public ReleaseStatus started(Release release) {
        return new ReleaseStatus(release, stage, ReleaseStatus.State.started, clock.instant(), 0);
    }

    public ReleaseStatus succeeded(Release release, long millis) {
        return new ReleaseStatus(release, stage, ReleaseStatus.State.succeeded, clock.instant(), millis);
    }

    public ReleaseStatus failed(Release release, long millis) {
        return new ReleaseStatus(release, stage, ReleaseStatus.State.failed, clock.instant(), millis);
    }

    public ReleaseFailed failure(Release release, String reason, String message, String detail) {
        return new ReleaseFailed(release, stage, reason, message, detail);
    }
}
