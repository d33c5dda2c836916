package dev.relay.builder.core;

import dev.relay.events.ImageBuilt;
import dev.relay.events.RebuildRequested;
import dev.relay.events.stage.Stage;

/**
 * A campaign's rebuild: {@code rebuild.requested} in, {@code image.built} with the campaign block out. The model's
 * current release is checked out and built exactly as a release is ({@link BuildStage#build}), on the campaign's base
 * image and with its platform package pin, tagged {@code <model>:<version>-<campaign>}. Its runner is the release's
 * twin: the same stage name, the same {@link ImageResults}, so the campaign release id is its replay key.
 */
public final class RebuildStage implements Stage<RebuildRequested> {

    private final BuildStage builds;

    public RebuildStage(BuildStage builds) {
        this.builds = builds;
    }

    @Override
    public ImageBuilt run(RebuildRequested input) {
        return builds.build(BuildTarget.rebuild(input));
    }
}
