package dev.mob.runtime.internal.kingpin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One running Kingpin per app, instance name and user: an exclusive lock on a file in the user's
 * private mob directory ({@code <runDir base>/mob-<user>}, mode 0700). The kernel releases the lock
 * when the Kingpin dies, even by SIGKILL, so a stale lock never blocks a start. The file holds the
 * holder's pid and run directory, which a second start prints, and which commands use to find the
 * running Kingpin.
 */
final class InstanceLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    /** A second start while the first runs. */
    static final class AlreadyRunning extends Exception {
        private static final long serialVersionUID = 1L;

        AlreadyRunning(String message) {
            super(message);
        }
    }

    private InstanceLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The user's private directory for mob's per-app files, created if needed. */
    static Path userDir(Path base) {
        Path dir = base.resolve("mob-" + System.getProperty("user.name"));
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            var owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            var me = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            if (!owner.equals(me) || !PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS))
                    .equals("rwx------")) {
                throw new IOException(dir + " must be a directory of ours with mode 0700");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " (set -Dmob.runDir to another base directory)", e);
        }
    }

    /** The lock file of {@code app}'s {@code instance}. */
    static Path file(Path base, String app, String instance) {
        return userDir(base).resolve(RunDir.safe(app) + (instance.equals("default") ? "" : "@" + instance) + ".lock");
    }

    /**
     * Takes the lock of {@code app}'s {@code instance}.
     *
     * @throws AlreadyRunning if a live Kingpin holds it, naming its pid and run directory
     */
    static InstanceLock acquire(Path base, String app, String instance) throws AlreadyRunning {
        Path file = file(base, app, instance);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = read(file);
                channel.close();
                throw new AlreadyRunning("app '" + app + "'" + (instance.equals("default") ? "" : " instance '"
                        + instance + "'") + " is already running for this user (" + holder + "); stop it first (its "
                        + "'stop' command, or SIGTERM), or start another copy under its own name with --instance NAME");
            }
            return new InstanceLock(file, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    /** Whether no live process holds {@code file}'s lock (the Kingpin that wrote it is gone). */
    static boolean isFree(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return true;
            }
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false; // held by this very JVM
        } catch (IOException e) {
            return true;
        }
    }

    /** What the holder of the lock of {@code app}'s {@code instance} wrote: its pid and run directory. */
    static String read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "starting" : text.replace('\n', ',').replace(",", ", ");
        } catch (IOException e) {
            return "unknown holder";
        }
    }

    /** Records who holds the lock, for a second start's message and for commands. */
    void record(long pid, Path runDir) {
        byte[] text = ("pid=" + pid + "\nrunDir=" + runDir + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text), 0);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}
