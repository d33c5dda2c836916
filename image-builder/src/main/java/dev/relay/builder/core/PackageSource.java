package dev.relay.builder.core;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where pip takes packages from during a build: a wheelhouse folder copied into the build
 * context (pip runs with {@code --no-index --find-links}), or an index URL.
 * The index URL ends up in the image history, so it must not carry credentials.
 */
public record PackageSource(Optional<Path> wheelhouse, Optional<String> indexUrl) {

    public static PackageSource wheelhouse(Path dir) {
        return new PackageSource(Optional.of(dir), Optional.empty());
    }

    public static PackageSource index(String url) {
        return new PackageSource(Optional.empty(), Optional.of(url));
    }

    public static PackageSource none() {
        return new PackageSource(Optional.empty(), Optional.empty());
    }

    String pipArguments() {
        if (wheelhouse.isPresent()) {
            return "--no-index --find-links /opt/relay/wheelhouse";
        }
        return indexUrl.map(url -> "--index-url " + url).orElse("");
    }
}
