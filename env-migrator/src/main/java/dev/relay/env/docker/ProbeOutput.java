package dev.relay.env.docker;

import dev.relay.events.Pep503;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.env.core.ProbeException;
import dev.relay.env.core.ProbeResult;
import dev.relay.env.core.VerifyResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the marker-delimited output of {@link ProbeScript}. */
final class ProbeOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProbeOutput() {
    }

    static ProbeResult parse(String mark, String output, List<String> verifyCommands, int tailChars) {
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder currentSection = null;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(mark + " ")) {
                String rest = line.substring(mark.length() + 1).strip();
                String[] parts = rest.split(" ", 2);
                String key = parts[0];
                if (key.endsWith("-exit") || key.equals("interpreter")) {
                    String value = parts.length > 1 ? parts[1] : "";
                    if (key.equals("verify-exit")) {
                        String[] iv = value.split(" ");
                        values.put("verify-exit " + iv[0], iv.length > 1 ? iv[1] : "");
                    } else {
                        values.put(key, value);
                    }
                    currentSection = null;
                } else {
                    String name = key.equals("verify") && parts.length > 1 ? "verify " + parts[1] : key;
                    currentSection = new StringBuilder();
                    sections.put(name, currentSection);
                }
            } else if (currentSection != null) {
                currentSection.append(line).append('\n');
            }
        }
        if (sections.containsKey("no-python")) {
            throw new ProbeException(ProbeException.NO_PYTHON,
                    "no Python interpreter (python3 or python) on the image's PATH", sections.get("no-python").toString().strip());
        }
        if (!sections.containsKey("python")) {
            throw new ProbeException(ProbeException.FAILED, "the probe produced no result", tail(output, tailChars));
        }
        String python = sections.get("python").toString().strip();
        String packagesOut = text(sections, "packages");
        if (!"0".equals(values.get("packages-exit"))) {
            throw new ProbeException(ProbeException.NO_PIP,
                    "could not list installed distributions with " + values.getOrDefault("interpreter", "python")
                            + " -m pip (is pip installed?)", tail(packagesOut, tailChars));
        }
        Map<String, String> packages = packages(packagesOut);
        int pipCheckExit = exit(values.get("pipcheck-exit"));
        List<VerifyResult> verify = new ArrayList<>();
        for (int i = 0; i < verifyCommands.size(); i++) {
            String out = text(sections, "verify " + i);
            String exit = values.get("verify-exit " + i);
            if (exit == null) {
                throw new ProbeException(ProbeException.FAILED, "verify command " + i + " did not finish: `"
                        + verifyCommands.get(i) + "`", tail(out, tailChars));
            }
            verify.add(new VerifyResult(verifyCommands.get(i), exit(exit), tail(out, tailChars)));
        }
        return new ProbeResult(python, packages, pipCheckExit, text(sections, "pipcheck").strip(), verify);
    }

    /** pip may print warnings around the JSON; the JSON array is the line that starts with '['. */
    static Map<String, String> packages(String out) {
        for (String line : out.split("\n")) {
            if (line.startsWith("[")) {
                try {
                    Map<String, String> packages = new TreeMap<>();
                    for (JsonNode dist : JSON.readTree(line)) {
                        packages.put(Pep503.normalize(dist.get("name").asText()), dist.get("version").asText());
                    }
                    return packages;
                } catch (Exception e) {
                    throw new ProbeException(ProbeException.FAILED, "pip list printed unreadable JSON", tail(out, 2000));
                }
            }
        }
        throw new ProbeException(ProbeException.NO_PIP, "pip list printed no package list", tail(out, 2000));
    }

    private static String text(Map<String, StringBuilder> sections, String name) {
        StringBuilder sb = sections.get(name);
        if (sb == null) {
            return "";
        }
        // The script echoes one newline after each command so the next marker starts a line: drop it.
        String s = sb.toString();
        return s.endsWith("\n\n") ? s.substring(0, s.length() - 2) : s.stripTrailing();
    }

    private static int exit(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String tail(String text, int chars) {
        String t = text.stripTrailing();
        return t.length() <= chars ? t : "…" + t.substring(t.length() - chars);
    }
}
