package dev.relay.local;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this module's classes and runtime jars are, so the broker and the Mongo server can run as
 * their own JVMs from the same jars: {@code target/relay-local.jar} (or {@code target/classes})
 * plus {@code target/lib/*}, which the build copies.
 */
final class Classpath {

    private Classpath() {
    }

    static Path codeSource() {
        try {
            return Path.of(Classpath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path libDir() {
        Path lib = codeSource().getParent().resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no runtime jars in " + lib + "; build first: ./mvnw -pl deploy/local/launcher -am package -DskipTests");
        }
        return lib;
    }

    /** The class path of a child JVM that runs {@code main} classes of Kafka, the Mongo server or this module. */
    static String forChildJvm() {
        return codeSource() + File.pathSeparator + libDir() + File.separator + "*";
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
