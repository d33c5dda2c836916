package dev.relay.env.core.campaign;

import java.time.Instant;
import java.util.Map;

/** The inventory's marks, one per model; a model never marked is {@link ModelMark#replicate}. */
public interface ModelMarks {

    ModelMark get(String model);

    void set(String model, ModelMark mark, Instant at);

    /** Every model marked explicitly. */
    Map<String, ModelMark> all();
}
