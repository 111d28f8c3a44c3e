package dev.mob.runtime.internal.kingpin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The run's private directory (mode 0700; it holds every socket) and its secret. Short paths,
 * because a Unix socket path must fit in 107 bytes.
 */
final class RunDir implements AutoCloseable {
    private final Path path;
    private final String secret;

    private RunDir(Path path, String secret) {
        this.path = path;
        this.secret = secret;
    }

    static RunDir create(String app) {
        String base = System.getProperty("mob.runDir", "/tmp");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            Path dir = Files.createTempDirectory(Paths.get(base), "mob-" + safe(app) + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new RunDir(dir, HexFormat.of().formatHex(random));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory under " + base
                    + " (set -Dmob.runDir to another directory)", e);
        }
    }

    private static String safe(String app) {
        String s = app.replaceAll("[^A-Za-z0-9_-]", "_");
        return s.length() > 16 ? s.substring(0, 16) : s;
    }

    Path path() {
        return path;
    }

    Path kingpinSocket() {
        return path.resolve("kingpin.sock");
    }

    String secret() {
        return secret;
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.list(path)) {
            files.forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the directory may be gone already
        }
        path.toFile().delete();
    }
}
