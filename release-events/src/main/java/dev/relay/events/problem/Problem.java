package dev.relay.events.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.relay.events.InvalidEventException;
import jakarta.ws.rs.core.Response;

/**
 * The one problem body of every Relay service ({@code application/problem+json}, RFC 9457): what a
 * REST caller gets for any error, in every service the same.
 *
 * <p>{@link #title} and {@link #response()} need the Jakarta REST API, an optional dependency of the
 * contract that every service has; the record itself is plain data, readable without it.
 *
 * <p>A problem with one input field at fault names it twice: in {@link #field} (for programs) and as
 * the start of {@link #detail}, {@code "<field>: <what is wrong>"} (for people), the way the event
 * decoder's {@link InvalidEventException} does. {@code field} is left out of the body when no single
 * field is at fault, so bodies without it are what they always were.
 *
 * @param type   {@code urn:relay:problem:<reason>}
 * @param title  the HTTP reason phrase, e.g. {@code Bad Request}
 * @param status the HTTP status
 * @param detail what is wrong, naming the field at fault
 * @param reason the short code, e.g. {@code invalid-request}, {@code not-found}, or the stage's failure reason
 * @param field  the input at fault, as a path ({@code image}, {@code image.ref}, {@code requirements.promote},
 *               {@code body} for the body as a whole), or null
 */
public record Problem(String type, String title, int status, String detail, String reason,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String field) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:relay:problem:";
    /** The reason of every 400 for input the caller must fix. */
    public static final String INVALID_REQUEST = "invalid-request";

    /** A problem naming no single field. */
    public Problem(String type, String title, int status, String detail, String reason) {
        this(type, title, status, detail, reason, null);
    }

    public static Problem of(int status, String reason, String detail) {
        return new Problem(TYPE_PREFIX + reason, title(status), status, detail, reason, null);
    }

    /** A problem with {@code field} at fault: {@code detail} is {@code "<field>: <problem>"}. */
    public static Problem of(int status, String reason, String field, String problem) {
        return new Problem(TYPE_PREFIX + reason, title(status), status, field + ": " + problem, reason, field);
    }

    /** 400 {@code invalid-request}: {@code field} is not acceptable, {@code problem} says why. */
    public static Problem invalid(String field, String problem) {
        return of(400, INVALID_REQUEST, field, problem);
    }

    /** 400 {@code invalid-request} from the contract's validator, whose message already names the field. */
    public static Problem invalid(InvalidEventException e) {
        return new Problem(TYPE_PREFIX + INVALID_REQUEST, title(400), 400, e.getMessage(), INVALID_REQUEST, e.field());
    }

    /** This problem with {@code field} named as the input at fault, its detail as it is (which names the field in its own words). */
    public Problem withField(String field) {
        return new Problem(type, title, status, detail, reason, field);
    }

    /** The HTTP reason phrase; JAX-RS knows no 422, which RFC 9110 calls Unprocessable Content. */
    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return status == 422 ? "Unprocessable Content" : "HTTP " + status;
    }

    /** The answer to send: this body with its status and media type. */
    public Response response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
