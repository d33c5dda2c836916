package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The local run stands on its own: the jars it runs from ({@code target/lib}, which the jar's manifest
 * and the broker and Mongo processes use) hold no test support and no test library.
 */
class RuntimeClasspathTest {

    @Test
    void theRuntimeJarsHoldNoTestkitAndNoTestLibrary() throws IOException {
        List<String> jars;
        try (Stream<java.nio.file.Path> lib = Files.list(Classpath.libDir())) {
            jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
        }

        assertThat(jars).as("target/lib").anyMatch(j -> j.startsWith("relay-wheelhouse-"))
                .anyMatch(j -> j.startsWith("release-events-")).anyMatch(j -> j.startsWith("kafka_2.13-"))
                // the contract decodes relay.yaml in every event it validates: the watcher needs its parser
                .anyMatch(j -> j.startsWith("snakeyaml-engine-"));
        assertThat(jars).as("target/lib").noneMatch(j -> j.startsWith("testkit-") || j.startsWith("junit-")
                || j.startsWith("opentest4j-") || j.startsWith("assertj-") || j.startsWith("kafka-test-common")
                || j.startsWith("quarkus-") || j.startsWith("org.eclipse.jgit") || j.contains("-tests."));
    }
}
