package dev.relay.env.rest;

import dev.relay.env.core.ImageReference;
import dev.relay.env.core.campaign.CampaignRecord;
import dev.relay.env.core.campaign.CampaignReport;
import dev.relay.env.core.campaign.CampaignRow;
import dev.relay.env.core.campaign.Campaigns;
import dev.relay.env.core.campaign.ModelOutcome;
import dev.relay.events.Campaign;
import dev.relay.events.EventValidator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Platform-upgrade campaigns: start one, watch its rows, read its report, cut the passed models over and roll them
 * back. The work happens over Kafka (rebuild.requested, rollout.requested); these answer at once.
 */
@Path("/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    static final int NAME_MAX = 120;
    static final int MODELS_MAX = 1000;

    public record StartRequest(String name, String baseImage, String platformPackage, List<String> models) {
    }

    public record Started(String campaignId, String state, int models) {
    }

    public record ModelsRequest(List<String> models) {
    }

    public record Outcomes(String campaignId, String state, List<ModelOutcome> models) {
    }

    /** A campaign as the API shows it: its state and counts derived from its rows. */
    public record View(String campaignId, String name, String baseImage, String platformPackage, Instant createdAt,
                       String state, CampaignRecord.Counts counts, Map<String, List<String>> failuresByCause,
                       List<CampaignRow> rows) {

        static View of(CampaignRecord c) {
            Map<String, List<String>> groups = new java.util.LinkedHashMap<>();
            CampaignReport.failuresByCause(c).forEach((cause, rows) -> groups.put(cause, rows.stream().map(CampaignRow::model).toList()));
            return new View(c.campaignId(), c.name(), c.baseImage(), c.platformPackage(), c.createdAt(), c.state().label(),
                    c.counts(), groups, c.rows());
        }
    }

    private final Campaigns campaigns;

    public CampaignResource(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(StartRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("name", "is required (the body is empty)");
        }
        String name = RequestFields.bounded("name", request.name(), NAME_MAX);
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("name", "is required");
        }
        String baseImage = RequestFields.bounded("baseImage", request.baseImage(), RequestFields.IMAGE_MAX);
        ImageReference.problem(baseImage).ifPresent(p -> {
            throw ProblemException.badRequest("baseImage", p);
        });
        String pin = RequestFields.bounded("platformPackage", request.platformPackage(), RequestFields.TEXT_MAX);
        if (pin != null && !EventValidator.PLATFORM_PIN.matcher(pin).matches()) {
            throw ProblemException.badRequest("platformPackage", "'" + pin + "' is not a pin (name==version)");
        }
        List<String> models = models(request.models());
        CampaignRecord started = campaigns.start(new Campaigns.Request(name.strip(), baseImage, pin, models));
        return Response.accepted(new Started(started.campaignId(), started.state().label(), started.rows().size())).build();
    }

    @GET
    public List<View> list() {
        return campaigns.list().stream().map(View::of).toList();
    }

    @GET
    @Path("{id}")
    public View one(@PathParam("id") String id) {
        return View.of(campaigns.find(id(id)));
    }

    @GET
    @Path("{id}/report.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("id") String id) {
        CampaignRecord c = campaigns.find(id(id));
        return Response.ok(CampaignReport.csv(c), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"campaign-" + c.campaignId() + ".csv\"").build();
    }

    @GET
    @Path("{id}/report.md")
    @Produces("text/markdown")
    public Response markdown(@PathParam("id") String id) {
        return Response.ok(CampaignReport.markdown(campaigns.find(id(id))), "text/markdown; charset=utf-8").build();
    }

    /** Every passed model, or the listed ones, to its campaign image; answered per model. */
    @POST
    @Path("{id}/cutover")
    @Consumes(MediaType.APPLICATION_JSON)
    public Outcomes cutover(@PathParam("id") String id, ModelsRequest request) {
        List<ModelOutcome> outcomes = campaigns.cutover(id(id), request == null ? null : models(request.models()));
        return new Outcomes(id, campaigns.find(id).state().label(), outcomes);
    }

    /** Every model this campaign cut over back to its pre-campaign image and environment; answered per model. */
    @POST
    @Path("{id}/rollback")
    public Outcomes rollback(@PathParam("id") String id) {
        List<ModelOutcome> outcomes = campaigns.rollback(id(id));
        return new Outcomes(id, campaigns.find(id).state().label(), outcomes);
    }

    private static String id(String id) {
        if (id == null || !Campaign.ID.matcher(id).matches()) {
            throw ProblemException.notFound("no campaign " + (id == null ? "" : id.substring(0, Math.min(60, id.length()))));
        }
        return id;
    }

    private static List<String> models(List<String> models) {
        if (models == null) {
            return null;
        }
        if (models.size() > MODELS_MAX) {
            throw ProblemException.badRequest("models", "lists more than " + MODELS_MAX + " models");
        }
        for (String m : models) {
            RequestFields.model("models", m);
        }
        return models;
    }
}
