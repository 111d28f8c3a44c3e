package dev.mob.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Kingpin started by a test, with its stdout captured. {@link #close()} kills, by pid, the
 * Kingpin and every process it started that is still alive, so no test leaves an orphan.
 */
final class MobProcess implements AutoCloseable {
    private static final Pattern RUN_DIR = Pattern.compile("run dir (\\S+)\\)");
    private static final Pattern PID_LIST = Pattern.compile("\\[([0-9, ]*)\\]");

    final Process process;
    private final Thread reader;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Set<Long> seenPids = new HashSet<>();

    private MobProcess(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "mob-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static MobProcess start(String mainClass, List<String> jvmArgs, String... args) throws IOException {
        return start(System.getProperty("java.class.path"), mainClass, jvmArgs, args);
    }

    static MobProcess start(String classPath, String mainClass, List<String> jvmArgs, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return new MobProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for a line matching {@code test}; fails after {@code timeout}. */
    String await(Predicate<String> test, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int from = 0;
        while (System.nanoTime() < end) {
            for (int i = from; i < lines.size(); i++) {
                if (test.test(lines.get(i))) {
                    return lines.get(i);
                }
            }
            from = lines.size();
            rememberChildren();
            Thread.sleep(20);
        }
        throw new AssertionError("no matching line within " + timeout + "; output so far:\n" + String.join("\n", lines));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every pid listed in the Kingpin's ready line. */
    Set<Long> readyPids(Duration timeout) throws InterruptedException {
        String ready = await(l -> l.contains(" kingpin ") && l.contains("] ready in "), timeout);
        Set<Long> pids = new HashSet<>();
        Matcher m = PID_LIST.matcher(ready.substring(ready.indexOf("ready in")));
        while (m.find()) {
            for (String pid : m.group(1).split(",")) {
                if (!pid.isBlank()) {
                    pids.add(Long.parseLong(pid.trim()));
                }
            }
        }
        synchronized (seenPids) {
            seenPids.addAll(pids);
        }
        return pids;
    }

    private void rememberChildren() {
        synchronized (seenPids) {
            process.descendants().forEach(p -> seenPids.add(p.pid()));
        }
    }

    /**
     * Whether {@code pid} is still running. A zombie has exited: it only waits for its new parent
     * (here PID 1, once the Kingpin is gone) to reap it, which can take a while in a sandbox, and
     * {@code ProcessHandle.isAlive()} would still count it.
     */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** Waits until none of {@code pids} is alive; returns how long that took, or -1 on timeout. */
    static long awaitGone(Set<Long> pids, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (pids.stream().noneMatch(MobProcess::alive)) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        return -1;
    }

    /**
     * Sends SIGTERM. Unlike {@code Process.destroy()}, which also closes our end of the child's
     * stdout, this keeps reading what the Kingpin prints while it drains.
     */
    void sigterm() {
        process.toHandle().destroy();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the Kingpin did not exit within " + timeout);
        }
        reader.join(5_000); // the rest of its output is still in the pipe
        return process.exitValue();
    }

    /**
     * This test JVM's class path with every directory packed into a jar under {@code into}, as an
     * installed app would have it (class-data archives need jars).
     */
    static String jarredClassPath(Path into) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                entries.add(entry);
                continue;
            }
            Path jar = into.resolve("dir" + n++ + ".jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(path)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new java.util.jar.JarEntry(path.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The run directory the Kingpin announced, or null before it did. */
    Path runDir() {
        for (String line : lines) {
            Matcher m = RUN_DIR.matcher(line);
            if (m.find()) {
                return Path.of(m.group(1));
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        rememberChildren();
        process.destroyForcibly();
        synchronized (seenPids) {
            for (long pid : seenPids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        // A Kingpin killed with SIGKILL cannot remove its run directory; the test does.
        Path dir = runDir();
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
