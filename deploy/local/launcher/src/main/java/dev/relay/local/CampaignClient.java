package dev.relay.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** env-migrator's campaign API ({@code /campaigns}), as the local run and the end-to-end test drive it. */
public final class CampaignClient {

    /** An answer that was not 2xx: the status and the problem body. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CampaignClient(String envMigratorUrl) {
        this.baseUrl = envMigratorUrl;
    }

    /** {@code POST /campaigns}; the campaign's id. */
    public String start(String name, String baseImage, String platformPackage, List<String> models) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("baseImage", baseImage);
        if (platformPackage != null) {
            body.put("platformPackage", platformPackage);
        }
        if (models != null) {
            body.set("models", JSON.valueToTree(models));
        }
        return send("POST", "/campaigns", body.toString()).path("campaignId").asText();
    }

    public JsonNode campaign(String id) {
        return send("GET", "/campaigns/" + id, null);
    }

    public JsonNode cutover(String id) {
        return send("POST", "/campaigns/" + id + "/cutover", "{}");
    }

    public JsonNode rollback(String id) {
        return send("POST", "/campaigns/" + id + "/rollback", null);
    }

    /** {@code report.md} or {@code report.csv}, as text. */
    public String report(String id, String format) {
        return text("GET", "/campaigns/" + id + "/report." + format, null);
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    /** Polls the campaign until {@code done} holds for it; the last view, or an exception naming what it saw. */
    public JsonNode await(String id, Predicate<JsonNode> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = campaign(id);
            if (done.test(last)) {
                return last;
            }
            sleep(250);
        }
        throw new IllegalStateException("campaign " + id + " not there after " + timeout.toSeconds() + " s: " + last);
    }

    /** Every row has a result: nothing is pending any more. */
    public static boolean finished(JsonNode campaign) {
        return campaign.path("counts").path("pending").asInt(-1) == 0;
    }

    /** No row is on its way to or from GitOps. */
    public static boolean settled(JsonNode campaign) {
        for (JsonNode row : campaign.path("rows")) {
            String rollout = row.path("rollout").asText();
            if (rollout.equals("cutting-over") || rollout.equals("rolling-back")) {
                return false;
            }
        }
        return true;
    }

    private JsonNode send(String method, String path, String body) {
        try {
            return JSON.readTree(text(method, path, body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String text(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new Refused(response.statusCode(), method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
