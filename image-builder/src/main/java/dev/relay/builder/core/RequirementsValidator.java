package dev.relay.builder.core;

import dev.relay.events.Pep503;
import dev.relay.events.Redaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's requirements files the way pip does (comments, continuations, {@code -r} includes,
 * extras, markers) and enforces the platform's rules before anything is built: every requirement
 * pinned (unless ranges are allowed), no package pinned twice to different versions, no private
 * package sources or direct references unless allowed, and the platform package first when required.
 * All problems are collected so the author can fix them in one go.
 */
public final class RequirementsValidator {

    private static final Pattern REQUIREMENT = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^\\]]*\\])?\\s*(.*)", Pattern.DOTALL);
    private static final Pattern CLAUSE = Pattern.compile("(===|==|~=|!=|<=|>=|<|>)\\s*([A-Za-z0-9.*+!_-]+)");
    /** PEP 508 name (of a package or an extra): letters, digits, '.', '-', '_', starting and ending with a letter or digit. */
    private static final Pattern PEP508_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Set<String> INCLUDE = Set.of("-r", "--requirement");
    private static final Set<String> EDITABLE = Set.of("-e", "--editable");
    private static final Set<String> SOURCES = Set.of("-i", "--index-url", "--extra-index-url", "-f", "--find-links",
            "--no-index", "--trusted-host");
    private static final Set<String> CONSTRAINT = Set.of("-c", "--constraint");

    private final RequirementsPolicy policy;

    public RequirementsValidator(RequirementsPolicy policy) {
        this.policy = policy;
    }

    /** Validates {@code rootFile} and everything it includes; throws with every problem found. */
    public ValidatedRequirements validate(SourceFiles files, String rootFile) {
        return validate(files, rootFile, Optional.empty());
    }

    /**
     * As {@link #validate(SourceFiles, String)}, with a campaign's platform package pin in place of the model's own
     * (or first, when the model declares none, a model without {@code rootFile} included): the pin is applied before
     * the platform package check, so what is checked is what gets installed.
     */
    public ValidatedRequirements validate(SourceFiles files, String rootFile, Optional<PlatformPin> platformPin) {
        Reader reader = new Reader(files);
        Optional<String> root = files.read(rootFile);
        if (root.isEmpty()) {
            return platformPin.map(pin -> new ValidatedRequirements(pin.applyTo(List.of()), List.of()))
                    .orElse(ValidatedRequirements.NONE);
        }
        reader.readFile(rootFile, root.get(), new ArrayList<>());
        List<Requirement> deduped = reader.dedupe();
        List<Requirement> kept = platformPin.map(pin -> pin.applyTo(deduped)).orElse(deduped);
        reader.checkPlatformPackage(kept, rootFile);
        if (!reader.problems.isEmpty()) {
            throw new InvalidRequirementsException(reader.problems);
        }
        return new ValidatedRequirements(List.copyOf(kept), List.copyOf(reader.passThrough));
    }

    private final class Reader {
        final SourceFiles files;
        final List<String> problems = new ArrayList<>();
        final List<Requirement> requirements = new ArrayList<>();
        final List<String> passThrough = new ArrayList<>();

        Reader(SourceFiles files) {
            this.files = files;
        }

        void readFile(String file, String text, List<String> includeChain) {
            includeChain.add(file);
            String[] lines = text.split("\r?\n", -1);
            StringBuilder logical = new StringBuilder();
            int start = 0;
            for (int i = 0; i < lines.length; i++) {
                String raw = stripComment(lines[i]);
                if (logical.length() == 0) {
                    start = i + 1;
                }
                // A trailing backslash joins the next line, as pip does.
                if (raw.endsWith("\\")) {
                    logical.append(raw, 0, raw.length() - 1).append(' ');
                    continue;
                }
                logical.append(raw);
                String line = logical.toString().strip();
                logical.setLength(0);
                if (!line.isEmpty()) {
                    readLine(file, start, line, includeChain);
                }
            }
            // A backslash on the last line with no newline after it: pip still reads what was joined.
            String last = logical.toString().strip();
            if (!last.isEmpty()) {
                readLine(file, start, last, includeChain);
            }
            includeChain.remove(includeChain.size() - 1);
        }

        void readLine(String file, int lineNo, String line, List<String> includeChain) {
            String where = file + ":" + lineNo + ": ";
            if (line.startsWith("-")) {
                readOption(file, lineNo, line, includeChain);
                return;
            }
            if (isDirectReference(line)) {
                directReference(where, line);
                return;
            }
            String marker = "";
            String body = line;
            int semi = line.indexOf(';');
            if (semi >= 0) {
                marker = line.substring(semi + 1).strip();
                body = line.substring(0, semi).strip();
                if (marker.isEmpty()) {
                    problems.add(where + "'" + line + "' has an empty environment marker after ';'");
                    return;
                }
            }
            Matcher m = REQUIREMENT.matcher(body);
            if (!m.matches()) {
                problems.add(where + "'" + line + "' is not a requirement (expected name==version)");
                return;
            }
            String name = m.group(1);
            if (!PEP508_NAME.matcher(name).matches()) {
                problems.add(where + "'" + name + "' is not a valid package name");
                return;
            }
            List<String> extras = List.of();
            if (m.group(2) != null) {
                extras = Arrays.stream(m.group(2).substring(1, m.group(2).length() - 1).split(","))
                        .map(String::strip).filter(e -> !e.isEmpty()).toList();
                for (String extra : extras) {
                    if (!PEP508_NAME.matcher(extra).matches()) {
                        problems.add(where + "'" + extra + "' is not a valid extra of " + name);
                        return;
                    }
                }
            }
            String rest = stripHashes(m.group(3).strip());
            if (rest.startsWith("@")) {
                directReference(where, line);
                return;
            }
            if (rest.startsWith("(") && rest.endsWith(")")) {
                rest = rest.substring(1, rest.length() - 1).strip();
            }
            if (rest.isEmpty()) {
                problems.add(where + "'" + name + "' is not pinned; pin it with " + name + "==<version>");
                return;
            }
            for (String clause : rest.split(",")) {
                if (!CLAUSE.matcher(clause.strip()).matches()) {
                    problems.add(where + "'" + line + "' has an invalid version specifier '" + clause.strip() + "'");
                    return;
                }
            }
            Requirement requirement = new Requirement(name, extras, rest, marker, file, lineNo);
            if (requirement.pinnedVersion() == null && !policy.allowRanges()) {
                problems.add(where + "'" + name + rest + "' is a range, not a pin; pin it with " + name
                        + "==<version> or allow ranges in relay.yaml (requirements.allowRanges: true)");
                return;
            }
            requirements.add(requirement);
        }

        void readOption(String file, int lineNo, String line, List<String> includeChain) {
            String where = file + ":" + lineNo + ": ";
            String[] parts = line.split("[\\s=]+", 2);
            String option = parts[0];
            String value = parts.length > 1 ? parts[1].strip() : "";
            // pip also accepts the short form glued to its value: -rbase.txt
            if (option.length() > 2 && option.startsWith("-r") && !option.startsWith("--")) {
                value = option.substring(2);
                option = "-r";
            }
            if (INCLUDE.contains(option)) {
                include(file, where, value, includeChain);
            } else if (EDITABLE.contains(option)) {
                directReference(where, line);
            } else if (SOURCES.contains(option)) {
                if (policy.allowIndexOptions()) {
                    passThrough.add(line);
                } else {
                    problems.add(where + "'" + option + "' is not allowed: packages come from the platform's package source");
                }
            } else if (CONSTRAINT.contains(option)) {
                problems.add(where + "constraints files ('" + option + "') are not supported; pin the requirements instead");
            } else {
                problems.add(where + "unsupported option '" + option + "'");
            }
        }

        void include(String file, String where, String target, List<String> includeChain) {
            if (target.isEmpty()) {
                problems.add(where + "-r needs a file name");
                return;
            }
            Path parent = Path.of(file).getParent();
            Path resolved = (parent == null ? Path.of(target) : parent.resolve(target)).normalize();
            String path = resolved.toString().replace('\\', '/');
            if (Path.of(target).isAbsolute() || resolved.isAbsolute() || path.startsWith("..") || target.contains("://")) {
                problems.add(where + "included file '" + Redaction.redact(target) + "' is outside the repository");
                return;
            }
            if (includeChain.contains(path)) {
                problems.add(where + "'" + target + "' includes itself (" + String.join(" -> ", includeChain) + " -> " + path + ")");
                return;
            }
            Optional<String> text = files.read(path);
            if (text.isEmpty()) {
                problems.add(where + "included file '" + target + "' does not exist");
                return;
            }
            readFile(path, text.get(), includeChain);
        }

        void directReference(String where, String line) {
            if (policy.allowDirectReferences()) {
                passThrough.add(line);
            } else {
                problems.add(where + "'" + Redaction.redact(line) + "' is an editable, VCS or URL requirement; only name==version from the platform's package source is allowed");
            }
        }

        /** Drops repeated identical pins; reports a package pinned twice to different versions. */
        List<Requirement> dedupe() {
            Map<String, Requirement> first = new LinkedHashMap<>();
            List<Requirement> kept = new ArrayList<>();
            Set<String> reported = new HashSet<>();
            for (Requirement r : requirements) {
                Requirement earlier = first.putIfAbsent(r.normalizedName(), r);
                if (earlier == null) {
                    kept.add(r);
                } else if (!earlier.specifier().replace(" ", "").equals(r.specifier().replace(" ", ""))) {
                    if (reported.add(r.normalizedName() + r.location())) {
                        problems.add(r.location() + ": '" + r.normalizedName() + "' is declared twice with different versions: "
                                + earlier.specifier() + " at " + earlier.location() + " and " + r.specifier() + " here");
                    }
                }
            }
            return kept;
        }

        void checkPlatformPackage(List<Requirement> kept, String rootFile) {
            String platform = policy.platformPackage();
            if (!policy.platformPackageRequired() || platform == null || platform.isBlank()) {
                return;
            }
            String wanted = Pep503.normalize(platform);
            Optional<Requirement> declared = kept.stream().filter(r -> r.normalizedName().equals(wanted)).findFirst();
            if (declared.isEmpty()) {
                problems.add(rootFile + ":1: the platform package '" + wanted + "' must be the first requirement, but it is not declared");
            } else if (kept.get(0) != declared.get()) {
                problems.add(declared.get().location() + ": the platform package '" + wanted
                        + "' must be the first requirement, but '" + kept.get(0).normalizedName() + "' (" + kept.get(0).location()
                        + ") comes before it");
            }
        }
    }

    static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).stripTrailing();
            }
        }
        return line.stripTrailing();
    }

    private static String stripHashes(String rest) {
        // --hash options belong to pip's secure mode; they say nothing about the version.
        return rest.replaceAll("\\s*--hash[=\\s]\\S+", "").strip();
    }

    private static boolean isDirectReference(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        return lower.contains("://") || lower.startsWith("git+") || lower.startsWith("hg+") || lower.startsWith("svn+")
                || lower.startsWith("bzr+") || lower.startsWith(".") || lower.startsWith("/") || lower.startsWith("~")
                || lower.endsWith(".whl") || lower.endsWith(".tar.gz") || lower.endsWith(".zip");
    }
}
