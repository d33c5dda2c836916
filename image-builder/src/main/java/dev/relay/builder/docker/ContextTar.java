package dev.relay.builder.docker;

import dev.relay.builder.core.BuildFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a build context folder as the tar the engine expects. Entries get a fixed time and owner
 * so the same files always give the same tar, and the engine's layer cache only sees real changes.
 * The size is checked while writing, so an oversized context fails before it reaches the engine.
 */
public final class ContextTar {

    private static final long FIXED_TIME_MILLIS = 315532800000L; // 1980-01-01, as wheels use

    private ContextTar() {
    }

    public static Path write(Path contextDir, Path tarFile, long maxBytes) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(contextDir)) {
            walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long total = 0;
        try (OutputStream out = Files.newOutputStream(tarFile); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path file : files) {
                long size = Files.size(file);
                total += size;
                if (total > maxBytes) {
                    throw new BuildFailure(BuildFailure.CONTEXT_TOO_LARGE, "the build context is larger than the limit of "
                            + maxBytes + " bytes (add large files to .dockerignore)", null);
                }
                TarArchiveEntry entry = new TarArchiveEntry(contextDir.relativize(file).toString().replace('\\', '/'));
                entry.setSize(size);
                entry.setModTime(FIXED_TIME_MILLIS);
                entry.setMode(Files.isExecutable(file) ? 0100755 : 0100644);
                tar.putArchiveEntry(entry);
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tarFile;
    }
}
