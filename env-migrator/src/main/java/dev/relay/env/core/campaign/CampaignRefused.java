package dev.relay.env.core.campaign;

/** A campaign request that cannot be done as asked; the REST layer answers it as a problem with {@link #kind}'s status. */
public final class CampaignRefused extends RuntimeException {

    public enum Kind {
        /** 400: the request names something that is not there, or selects nothing */
        invalid,
        /** 404 */
        notFound,
        /** 409: it clashes with a campaign that is running */
        conflict
    }

    private final Kind kind;
    private final String field;

    public CampaignRefused(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, null when it is not one field. */
    public String field() {
        return field;
    }
}
