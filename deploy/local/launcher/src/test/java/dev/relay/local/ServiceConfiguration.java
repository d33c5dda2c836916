package dev.relay.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service itself says it can be configured with: the keys of its
 * {@code application.properties} and of its {@code @ConfigMapping} interfaces (read from its
 * compiled classes), as the environment variable names Quarkus maps them from.
 */
final class ServiceConfiguration {

    /** Quarkus keys every service accepts through the environment without declaring them. */
    private static final Set<String> QUARKUS_BUILTINS = Set.of("QUARKUS_HTTP_PORT", "QUARKUS_HTTP_HOST", "JAVA_OPTS", "DOCKER_HOST");

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

    private void readMappings(Path module) {
        Path classes = module.resolve("target/classes");
        Path sources = module.resolve("src/main/java");
        Pattern mapping = Pattern.compile("@ConfigMapping\\s*\\(");
        try (Stream<Path> files = Files.walk(sources);
             URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (!mapping.matcher(Files.readString(source)).find()) {
                    continue;
                }
                String className = sources.relativize(source).toString().replace('/', '.').replaceAll("\\.java$", "");
                Class<?> type = Class.forName(className, false, loader);
                ConfigMapping annotation = type.getAnnotation(ConfigMapping.class);
                if (annotation != null) {
                    collect(annotation.prefix(), type, new HashSet<>());
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compile " + service.id() + " first: " + e.getMessage(), e);
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
