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

    /** Where run directories go: {@code -Dmob.runDir}, else /tmp. */
    static Path base() {
        return Paths.get(dev.mob.runtime.internal.Setting.RUN_DIR.value());
    }

    static RunDir create(String app) {
        Path base = base();
        removeDead(base, app);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            Path dir = Files.createTempDirectory(base, "mob-" + safe(app) + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(dir.resolve(PID_FILE), self.pid() + " "
                    + self.info().startInstant().map(Object::toString).orElse("?") + "\n");
            return new RunDir(dir, HexFormat.of().formatHex(random));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory under " + base
                    + " (set -Dmob.runDir to another directory)", e);
        }
    }

    private static final String PID_FILE = "kingpin.pid";
    /** For --allow-guests: the secret and the Kingpin's pid, readable by this user only (the directory is 0700). */
    static final String GUEST_FILE = "guest";

    void writeGuestFile(long kingpinPid) {
        try {
            Path file = path.resolve(GUEST_FILE);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n" + kingpinPid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the guest file in " + path, e);
        }
    }

    /**
     * Removes the run directories of {@code app} whose Kingpin is dead (killed with SIGKILL, it
     * could not remove its own): its pid is gone, or now belongs to a process started at another time.
     */
    static void removeDead(Path base, String app) {
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("mob-" + safe(app) + "-")).toList()) {
                Path pidFile = dir.resolve(PID_FILE);
                if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(pidFile)) {
                    continue;
                }
                String[] words = Files.readString(pidFile).trim().split(" ");
                long pid = Long.parseLong(words[0]);
                boolean alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().startInstant().map(Object::toString).orElse("?").equals(words[1]))
                        .isPresent();
                if (!alive) {
                    new RunDir(dir, "").close();
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover directory costs a few inodes, never correctness
        }
    }

    static String safe(String app) {
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
