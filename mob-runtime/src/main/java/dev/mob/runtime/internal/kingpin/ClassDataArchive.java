package dev.mob.runtime.internal.kingpin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * A class-data-sharing archive of the app's classes, so mobsters start in about half the time:
 * six JVMs booting on two cores spend most of their start-up loading and verifying the same
 * classes. The first mobster of a run without an archive records one when it exits cleanly
 * ({@code -XX:ArchiveClassesAtExit}; on JDK 25+ an AOT cache, {@code -XX:AOTCacheOutput}); later
 * runs with the same JDK and class path map it ({@code -XX:SharedArchiveFile}, {@code -XX:AOTCache}). A stale or unreadable archive is ignored by the JVM, quietly.
 *
 * <p>Only for class paths made of jars (a runnable jar, or an installed app): the JVM cannot
 * archive classes from directories. Archives live in {@code -Dmob.cdsDir} (default {@code <tmpdir>/mob-cds-<user>}, mode 0700),
 * named by a hash of the JDK, jars and main class; the 4 most recently used are kept.
 * {@code -Dmob.cds=false} turns this off.
 * Used only from the Kingpin's control thread.
 */
final class ClassDataArchive {
    private static final Logger log = Log.get(ClassDataArchive.class);
    /**
     * From JDK 25 on, the AOT cache (JEP 483/514/515): loaded and linked classes plus method
     * profiles, so a new worker (a revival, a reload) starts warmer than with a class-data archive.
     */
    static final boolean AOT = Runtime.version().feature() >= 25;
    private static final String EXTENSION = AOT ? ".aot" : ".jsa";
    private static final List<String> QUIET = AOT ? List.of("-Xlog:aot=off", "-Xlog:cds=off")
            : List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    private static final int KEEP = 4;

    private final Path archive;
    private Path training;
    private Process trainer;

    private ClassDataArchive(Path archive) {
        this.archive = archive;
    }

    /**
     * The archive for this JDK, class path and {@code variant} (what else changes the classes a
     * mobster loads: a cluster host's mobsters load a TLS stack), or null when disabled or the
     * directory is unusable.
     */
    static ClassDataArchive forThisRun(String mainClass, String variant) {
        if (!dev.mob.runtime.internal.Setting.CDS.booleanValue()) {
            return null;
        }
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) {
                // Classes from directories cannot be archived and make the JVM refuse to record.
                log.debug("no class-data archive: {} is a directory on the class path", entry);
                return null;
            }
        }
        Path dir = Path.of(System.getProperty("mob.cdsDir",
                Path.of(System.getProperty("java.io.tmpdir"), "mob-cds-" + System.getProperty("user.name")).toString()));
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.isWritable(dir) || !private_(dir)) {
                // An archive holds class data the JVM trusts: only use a directory nobody else controls.
                log.warn("not using class-data archives in {}: it must be a directory of ours that no one else can write",
                        dir);
                return null;
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("no class-data archive: {}", e.toString());
            return null;
        }
        // The JVM rejects an archive whose jars changed since it was recorded, so their sizes and
        // times are part of the name: a rebuilt app records a fresh archive instead.
        StringBuilder key = new StringBuilder(System.getProperty("java.home")).append('\n').append(Runtime.version())
                .append('\n').append(mainClass).append('\n').append(variant);
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            key.append('\n').append(entry);
            try {
                if (Files.isRegularFile(path)) {
                    key.append(' ').append(Files.size(path)).append(' ').append(Files.getLastModifiedTime(path));
                }
            } catch (IOException e) {
                key.append(" ?");
            }
        }
        removeDeadRecordings(dir);
        return new ClassDataArchive(dir.resolve(hash(key.toString()) + EXTENSION));
    }

    /** Deletes {@code .tmp} recordings whose Kingpin (its pid is in the name) is gone. */
    private static void removeDeadRecordings(Path dir) {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(".*\\.(?:jsa|aot)\\.(\\d+)-[0-9a-f-]+\\.tmp");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                var m = name.matcher(f.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).filter(ProcessHandle::isAlive).isEmpty()) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("cannot clean {}: {}", dir, e.toString());
        }
    }

    private static boolean private_(Path dir) throws IOException {
        var owner = Files.getOwner(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        var me = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(
                System.getProperty("user.name"));
        var perms = Files.getPosixFilePermissions(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return owner.equals(me) && !Files.isSymbolicLink(dir)
                && !perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                && !perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
    }

    private static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JVM flags for the next mobster: use the archive, or, once per run, record it. */
    synchronized List<String> flags() {
        if (Files.isReadable(archive)) {
            touch();
            return concat((AOT ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
        }
        if (training == null) {
            // The Kingpin's pid in the name: a later start removes the leftovers of dead Kingpins.
            training = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + "-"
                    + UUID.randomUUID() + ".tmp");
            return concat((AOT ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + training);
        }
        return List.of();
    }

    private void touch() {
        try {
            Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        } catch (IOException ignored) {
            // only used to age out unused archives
        }
    }

    /** Remembers which process records the archive (the one started right after {@link #flags()} chose it). */
    synchronized void started(Process process) {
        if (training != null && trainer == null) {
            trainer = process;
        }
    }

    /** When the recording process has exited, publishes its archive atomically. */
    synchronized void exited(Process process) {
        if (process != trainer || training == null) {
            return;
        }
        try {
            if (Files.size(training) > 0 && !Files.exists(archive)) {
                try {
                    Files.move(training, archive, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(training, archive);
                }
                log.debug("recorded the class-data archive {}", archive);
                forgetOldArchives();
            }
        } catch (IOException e) {
            log.debug("no class-data archive recorded: {}", e.toString());
        } finally {
            try {
                Files.deleteIfExists(training);
            } catch (IOException ignored) {
                // a leftover .tmp is harmless and overwritten by nobody
            }
        }
    }

    /**
     * Every rebuilt jar leaves an archive behind (~15 MB): keep the few most recently used (each
     * start touches the one it maps), at most {@code mob.cdsMaxMb} in all, and delete the rest.
     */
    private void forgetOldArchives() throws IOException {
        prune(archive.getParent(), archive, EXTENSION, KEEP,
                dev.mob.runtime.internal.Setting.CDS_MAX_MB.longValue() << 20);
    }

    /**
     * Keeps, besides {@code current}, the most recently used archives of {@code dir}: at most
     * {@code keep} of them and {@code budget} bytes in all; deletes the others.
     */
    static void prune(Path dir, Path current, String extension, int keep, long budget) throws IOException {
        List<Path> archives;
        try (var files = Files.list(dir)) {
            archives = files.filter(f -> f.toString().endsWith(extension)).collect(java.util.stream.Collectors.toList());
        }
        archives.sort(java.util.Comparator.comparing((Path f) -> {
            try {
                return Files.getLastModifiedTime(f);
            } catch (IOException e) {
                return java.nio.file.attribute.FileTime.fromMillis(0);
            }
        }).reversed());
        long used = 0;
        for (int i = 0; i < archives.size(); i++) {
            Path candidate = archives.get(i);
            used += Files.size(candidate);
            if (!candidate.equals(current) && (i >= keep || used > budget)) {
                Files.deleteIfExists(candidate);
            }
        }
    }

    private static List<String> concat(String flag) {
        return List.of(flag, QUIET.get(0), QUIET.get(1));
    }
}
