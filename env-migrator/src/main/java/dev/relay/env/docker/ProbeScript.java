package dev.relay.env.docker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The POSIX shell script a probe container runs. It is passed as the container's command, so the
 * image's own entrypoint (which activates a venv or conda environment and then {@code exec "$@"})
 * and its {@code ENV PATH} stay in effect. Verify commands travel in environment variables, never
 * spliced into the script, so no quoting can break out of it. Each section is introduced by a
 * marker line carrying a per-run nonce.
 */
final class ProbeScript {

    static final String SCRIPT = String.join("\n",
            "M=\"$RELAY_PROBE_MARK\"",
            "PY=\"\"",
            "for c in python3 python; do if command -v \"$c\" >/dev/null 2>&1; then PY=\"$(command -v \"$c\")\"; break; fi; done",
            "if [ -z \"$PY\" ]; then echo \"$M no-python\"; echo \"PATH=$PATH\"; exit 0; fi",
            "echo \"$M python\"",
            "\"$PY\" -c 'import platform; print(platform.python_version())' 2>&1",
            "echo \"$M interpreter $PY\"",
            "echo \"$M packages\"",
            "\"$PY\" -m pip list --format=json --disable-pip-version-check --no-input 2>&1; rc=$?; echo",
            "echo \"$M packages-exit $rc\"",
            "echo \"$M pipcheck\"",
            "\"$PY\" -m pip check --disable-pip-version-check --no-input 2>&1; rc=$?; echo",
            "echo \"$M pipcheck-exit $rc\"",
            "i=0",
            "while [ \"$i\" -lt \"${RELAY_VERIFY_COUNT:-0}\" ]; do",
            "  eval \"cmd=\\${RELAY_VERIFY_$i}\"",
            "  echo \"$M verify $i\"",
            "  sh -c \"$cmd\" </dev/null 2>&1; rc=$?; echo",
            "  echo \"$M verify-exit $i $rc\"",
            "  i=$((i+1))",
            "done",
            "echo \"$M end\"",
            "");

    private ProbeScript() {
    }

    static Map<String, String> environment(String mark, List<String> verifyCommands) {
        Map<String, String> env = new HashMap<>();
        env.put("RELAY_PROBE_MARK", mark);
        env.put("RELAY_VERIFY_COUNT", String.valueOf(verifyCommands.size()));
        for (int i = 0; i < verifyCommands.size(); i++) {
            env.put("RELAY_VERIFY_" + i, verifyCommands.get(i));
        }
        // pip must not try the network (there is none) nor write caches into the image layer.
        env.put("PIP_NO_INDEX", "1");
        env.put("PIP_NO_CACHE_DIR", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }
}
