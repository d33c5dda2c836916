package dev.relay.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Indexer;

/**
 * What a service itself says it can be configured with: the keys of its
 * {@code application.properties} and of its {@code @ConfigMapping} interfaces (read from its
 * compiled classes), as the environment variable names Quarkus maps them from.
 */
final class ServiceConfiguration {

    /** Quarkus keys every service accepts through the environment without declaring them. */
    private static final Set<String> QUARKUS_BUILTINS = Set.of("QUARKUS_HTTP_PORT", "QUARKUS_HTTP_HOST", "JAVA_OPTS", "DOCKER_HOST");
    private static final DotName CONFIG_MAPPING = DotName.createSimple(ConfigMapping.class.getName());

    final Service service;
    final Properties properties = new Properties();
    final Set<String> envNames = new TreeSet<>();
    final Set<String> envPrefixes = new TreeSet<>();

    private ServiceConfiguration(Service service) {
        this.service = service;
    }

    static ServiceConfiguration of(Path projectRoot, Service service) {
        ServiceConfiguration config = new ServiceConfiguration(service);
        Path module = projectRoot.resolve(service.id());
        try (Reader reader = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            config.properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : config.properties.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                config.envNames.add(envName(key));
            }
        }
        config.envNames.addAll(QUARKUS_BUILTINS);
        config.readMappings(module);
        return config;
    }

    int httpPort() {
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    boolean usesMongo() {
        return properties.stringPropertyNames().stream().anyMatch(k -> k.startsWith("quarkus.mongodb."));
    }

    /** Every topic the service reads, writes or dead-letters to. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("mp.messaging.") && (key.endsWith(".topic") || key.endsWith(".dead-letter-queue.topic"))) {
                topics.add(properties.getProperty(key));
            }
        }
        return topics;
    }

    boolean accepts(String envVar) {
        return envNames.contains(envVar) || envPrefixes.stream().anyMatch(envVar::startsWith);
    }

    static String envName(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * Every {@code @ConfigMapping} interface in the service's compiled classes, found by Jandex without
     * loading a class: no class or package name is assumed, so renaming one changes nothing here.
     */
    private void readMappings(Path module) {
        Path classes = module.resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("compile " + service.id() + " first: no " + classes);
        }
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    indexer.index(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> mappings = indexer.complete().getAnnotations(CONFIG_MAPPING).stream()
                .filter(a -> a.target().kind() == AnnotationTarget.Kind.CLASS)
                .map(a -> a.target().asClass().name().toString()).sorted().toList();
        if (mappings.isEmpty()) {
            throw new IllegalStateException(service.id() + " has no @ConfigMapping interface in " + classes);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            for (String name : mappings) {
                Class<?> type = Class.forName(name, false, loader);
                collect(type.getAnnotation(ConfigMapping.class).prefix(), type, new HashSet<>());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compile " + service.id() + " again: " + e.getMessage(), e);
        }
    }

    private void collect(String prefix, Class<?> group, Set<Class<?>> seen) {
        if (!seen.add(group)) {
            return;
        }
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String key = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
            Type type = method.getGenericReturnType();
            Class<?> raw = method.getReturnType();
            if (raw == Optional.class && type instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
                raw = c;
            }
            if (Map.class.isAssignableFrom(raw)) {
                envPrefixes.add(envName(key) + "_");
            } else if (raw.isInterface() && raw.getName().startsWith("dev.relay.")) {
                collect(key, raw, seen);
            } else {
                envNames.add(envName(key));
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
