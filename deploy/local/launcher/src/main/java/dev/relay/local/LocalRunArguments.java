package dev.relay.local;

import java.nio.file.Path;

/**
 * The command line of {@code deploy/local/run}, checked before anything starts: a bad argument must not leave a
 * broker or half the services behind.
 *
 * @param state    the state folder, or null for the default ({@code .relay/local} in the project)
 * @param replicas instances of every service ({@code --replicas N}, 1 by default)
 */
public record LocalRunArguments(boolean once, boolean clean, boolean campaign, Path state, int replicas, boolean help) {

    static final String USAGE = "usage: deploy/local/run [--once] [--clean] [--campaign] [--replicas N] [--state DIR]";

    /** A command line that cannot run; its message says why, and the usage. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message + "; " + USAGE);
        }
    }

    public static LocalRunArguments parse(String... args) {
        boolean once = false;
        boolean clean = false;
        boolean campaign = false;
        boolean help = false;
        Path state = null;
        int replicas = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--once" -> once = true;
                case "--clean" -> clean = true;
                case "--campaign" -> campaign = true;
                case "--state" -> state = Path.of(value(args, ++i, "--state")).toAbsolutePath();
                case "--replicas" -> replicas = replicas(value(args, ++i, "--replicas"));
                case "-h", "--help" -> help = true;
                default -> throw new Invalid("unknown argument " + args[i]);
            }
        }
        return new LocalRunArguments(once, clean, campaign, state, replicas, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new Invalid(option + " needs a value");
        }
        return args[i];
    }

    private static int replicas(String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new Invalid("--replicas takes a whole number of instances per service, not '" + value + "'");
        }
        if (n < 1) {
            throw new Invalid("--replicas must be at least 1 (instances of every service), not " + n);
        }
        return n;
    }
}
