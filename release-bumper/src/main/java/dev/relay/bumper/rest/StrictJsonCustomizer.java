package dev.relay.bumper.rest;

import dev.relay.events.problem.StrictJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** REST bodies are read as strictly as events: the contract's {@link StrictJson} on the framework's mapper. */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        StrictJson.strict(mapper);
    }
}
