package dev.relay.env.rest;

import dev.relay.events.EventValidator;
import dev.relay.events.problem.Problem;

/**
 * Checks of request fields that the contract's {@link EventValidator} does not make on its own: lengths
 * (checked first, so an oversized value is never echoed back) and release ids ({@code <model>@<version>},
 * each part by the contract's rules).
 */
final class RequestFields {

    /** Names, tags and ids: a git tag is one path component of at most 255 bytes on common file systems. */
    static final int TEXT_MAX = 255;
    /** {@code <model>@<version>}. */
    static final int RELEASE_ID_MAX = 63 + 1 + TEXT_MAX;
    /** {@code [host[:port]/]name[:tag][@digest]}: the engine's own limit on a name is 255. */
    static final int IMAGE_MAX = 512;
    static final int REQUIREMENTS_MAX = 1000;

    private RequestFields() {
    }

    /** {@code value}, when it is not longer than {@code max} characters (null passes: the field's own check says it is required). */
    static String bounded(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ProblemException(Problem.invalid(field, "is longer than " + max + " characters"));
        }
        return value;
    }

    /** A model name by the contract's rule. */
    static String model(String field, String model) {
        return EventValidator.model(field, bounded(field, model, TEXT_MAX));
    }

    /** {@code releaseId} is a release of {@code model}: {@code <model>@<version>}, the version a valid git tag. */
    static String releaseId(String field, String model, String releaseId) {
        if (releaseId == null || releaseId.isBlank()) {
            throw new ProblemException(Problem.invalid(field, "is required (a release id, <model>@<version>)"));
        }
        bounded(field, releaseId, RELEASE_ID_MAX);
        int at = releaseId.indexOf('@');
        if (at <= 0) {
            throw new ProblemException(Problem.invalid(field, "'" + releaseId + "' is not a release id (<model>@<version>)"));
        }
        EventValidator.model(field, releaseId.substring(0, at));
        if (!releaseId.substring(0, at).equals(model)) {
            throw new ProblemException(Problem.invalid(field, "'" + releaseId + "' is not a release of model '" + model + "'"));
        }
        String version = releaseId.substring(at + 1);
        if (version.isEmpty()) {
            throw new ProblemException(Problem.invalid(field, "'" + releaseId + "' names no version (<model>@<version>)"));
        }
        if (version.length() > TEXT_MAX) {
            throw new ProblemException(Problem.invalid(field, "names a version longer than " + TEXT_MAX + " characters"));
        }
        EventValidator.version(field, version);
        return releaseId;
    }
}
