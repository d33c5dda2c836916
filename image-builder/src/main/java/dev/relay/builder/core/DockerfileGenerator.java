package dev.relay.builder.core;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Renders the Dockerfile of a model that brings none, from a Qute template. */
public final class DockerfileGenerator {

    private final Template template;

    public DockerfileGenerator() {
        // Plain Qute engine: no escaping (this is not HTML) and no CDI, so the core stays framework-free.
        Engine engine = Engine.builder().addDefaults().build();
        try (InputStream in = DockerfileGenerator.class.getResourceAsStream("Dockerfile.qute")) {
            this.template = engine.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String render(String model, String baseImage, boolean hook, boolean requirements, PackageSource source) {
        Map<String, Object> data = new HashMap<>();
        data.put("model", model);
        data.put("baseImage", baseImage);
        data.put("hook", hook);
        data.put("requirements", requirements);
        data.put("wheelhouse", source.wheelhouse().isPresent());
        data.put("pipSource", source.pipArguments());
        String text = template.render(data);
        return text.replaceAll("\n{3,}", "\n\n");
    }
}
