package dev.relay.env.rest;

import dev.relay.env.core.ProbeException;
import dev.relay.env.core.VerificationReport;
import dev.relay.env.core.VerificationRequest;
import dev.relay.env.core.Verifier;
import dev.relay.events.EventValidator;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Verifies any image by hand; the answer is the full report and nothing is stored. */
@Path("/verifications")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class VerificationResource {

    public record Request(String model, String image, Map<String, String> requirements) {
    }

    private final Verifier verifier;

    public VerificationResource(Verifier verifier) {
        this.verifier = verifier;
    }

    @POST
    @Blocking
    public VerificationReport verify(Request request) {
        if (request == null) {
            throw Problem.badRequest("a JSON body {\"model\", \"image\", \"requirements\"?} is required");
        }
        EventValidator.model("model", request.model());
        if (request.image() == null || request.image().isBlank()) {
            throw Problem.badRequest("image: is required");
        }
        if (request.requirements() != null) {
            request.requirements().forEach((name, version) -> {
                if (name == null || name.isBlank() || version == null || version.isBlank()) {
                    throw Problem.badRequest("requirements: every entry needs a package name and a version");
                }
            });
        }
        VerificationReport report = verifier.verify(new VerificationRequest(request.model(), request.image(),
                request.requirements(), null, null, null));
        if (report.failure() != null && ProbeException.IMAGE_NOT_FOUND.equals(report.failure().reason())) {
            throw Problem.notFound(report.failure().message());
        }
        return report;
    }
}
