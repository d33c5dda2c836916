package dev.relay.builder.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore} file as the engine applies them: one pattern a line,
 * {@code #} comments, {@code *}, {@code ?} and {@code **} wildcards, a leading {@code !} re-includes,
 * the last matching rule wins, and a rule that matches a directory matches everything in it.
 */
public final class DockerIgnore {

    public static final String FILE = ".dockerignore";
    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    private record Rule(Pattern pattern, boolean exclude) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exclude = true;
            if (line.startsWith("!")) {
                exclude = false;
                line = line.substring(1).strip();
            }
            line = clean(line);
            if (!line.isEmpty()) {
                rules.add(new Rule(Pattern.compile(toRegex(line)), exclude));
            }
        }
        return new DockerIgnore(rules);
    }

    /** Whether {@code path} (relative, '/'-separated) is left out of the build context. */
    public boolean ignores(String path) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if (matchesSelfOrParent(rule.pattern, path)) {
                ignored = rule.exclude;
            }
        }
        return ignored;
    }

    private static boolean matchesSelfOrParent(Pattern pattern, String path) {
        if (pattern.matcher(path).matches()) {
            return true;
        }
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            if (pattern.matcher(path.substring(0, i)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String clean(String pattern) {
        String p = pattern.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String toRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    // "**/" also matches no directory at all
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                        i++;
                        b.append("(.*/)?");
                    } else {
                        b.append(".*");
                    }
                } else {
                    b.append("[^/]*");
                }
            } else if (c == '?') {
                b.append("[^/]");
            } else if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
