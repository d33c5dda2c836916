package dev.relay.env.rest;

import dev.relay.env.core.ImageReference;
import dev.relay.env.core.Pep440Version;
import dev.relay.env.core.ProbeException;
import dev.relay.env.core.VerificationReport;
import dev.relay.env.core.VerificationRequest;
import dev.relay.env.core.VerifyStage;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Verifies any image by hand with the verify stage's own checks; the answer is the full report and
 * nothing is stored or published (a verification by hand is not a release, so nothing downstream reacts).
 */
@Path("/verifications")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class VerificationResource {

    /** PEP 508 distribution names. */
    private static final Pattern PACKAGE_NAME = Pattern.compile("(?i)[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9]");

    public record Request(String model, String image, Map<String, String> requirements) {
    }

    private final VerifyStage stage;

    public VerificationResource(VerifyStage stage) {
        this.stage = stage;
    }

    @POST
    @Blocking
    public VerificationReport verify(Request request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "is required: a JSON object {\"model\", \"image\", \"requirements\"?}");
        }
        RequestFields.model("model", request.model());
        RequestFields.bounded("image", request.image(), RequestFields.IMAGE_MAX);
        ImageReference.problem(request.image()).ifPresent(problem -> {
            throw ProblemException.badRequest("image", problem);
        });
        if (request.requirements() != null) {
            if (request.requirements().size() > RequestFields.REQUIREMENTS_MAX) {
                throw ProblemException.badRequest("requirements", "has more than " + RequestFields.REQUIREMENTS_MAX + " pins");
            }
            request.requirements().forEach(VerificationResource::pin);
        }
        VerificationReport report = stage.verify(VerificationRequest.byHand(request.model(), request.image(),
                request.requirements()));
        if (report.failure() != null && ProbeException.IMAGE_NOT_FOUND.equals(report.failure().reason())) {
            throw ProblemException.notFound(ProbeException.IMAGE_NOT_FOUND, report.failure().message());
        }
        return report;
    }

    private static void pin(String name, String version) {
        RequestFields.bounded("requirements", name, RequestFields.TEXT_MAX);
        if (name == null || !PACKAGE_NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("requirements", "'" + name + "' is not a package name");
        }
        String field = "requirements." + name;
        if (version == null || version.isBlank()) {
            throw ProblemException.badRequest(field, "is required (a PEP 440 version)");
        }
        RequestFields.bounded(field, version, RequestFields.TEXT_MAX);
        if (!Pep440Version.isValid(version)) {
            throw ProblemException.badRequest(field, "'" + version + "' is not a PEP 440 version");
        }
        try {
            Pep440Version.parse(version);
        } catch (NumberFormatException e) {
            // Matches the grammar, but a segment does not fit the comparison's numbers (e.g. 1.99999999999999999999).
            throw ProblemException.badRequest(field, "'" + version + "' has a number too large to compare");
        }
    }
}
