package dev.relay.builder.it;

import dev.relay.testkit.GitFixtures;
import dev.relay.wheelhouse.Wheelhouse;
import java.nio.file.Path;
import java.util.List;

/** The small sample model every build test shares, and the wheelhouse it installs from. */
public final class SampleModels {

    private SampleModels() {
    }

    /** promote (the platform package), tinymath, and a newer pip-like tool the hook installs. */
    public static Wheelhouse wheelhouse(Path dir) {
        Wheelhouse w = new Wheelhouse(dir);
        w.add("promote", "1.10");
        w.add("tinymath", "2.0.1", List.of("tinyutil>=1.0"));
        w.add("tinyutil", "1.3.0");
        return w;
    }

    /** A model without a Dockerfile: requirements pinned, platform package first, a pre-build hook, a relay.yaml naming it. */
    public static GitFixtures.WorkingCopy writeSample(GitFixtures.WorkingCopy wc, String model) {
        return wc.write("requirements.txt", "# platform package first, as the runbook asks\npromote==1.10\n-r requirements/ml.txt\n")
                .write("requirements/ml.txt", "TinyMath==2.0.1\ntinyutil==1.3.0 ; python_version >= \"3.8\"\n")
                .write("promote.sh", "#!/bin/sh\nset -e\n"
                        + "echo \"promoted on $(python3 --version)\" > /opt/relay/promoted\n"
                        + "ls \"$RELAY_WHEELHOUSE\" >> /opt/relay/promoted\n")
                .write("relay.yaml", "model: " + model + "\npython: \">=3.10\"\nverify:\n  - python -c 'import tinymath'\n")
                .write(".dockerignore", "*.tmp\n")
                .write("scratch.tmp", "not for the image\n")
                .write("model.py", "import tinymath\nVERSION = 1\n");
    }
}
