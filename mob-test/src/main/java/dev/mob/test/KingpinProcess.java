package dev.mob.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An app's Kingpin started as a real process for a test, the way a user starts it (its generated
 * {@code MobMain}), with its output (stdout and stderr, every mobster's included) kept in memory and
 * echoed.
 *
 * <p>Waits are bounded and poll the output; nothing sleeps for synchronisation. {@link #close()}
 * kills the Kingpin and every process it started that is still running, and removes the run
 * directory a killed Kingpin could not remove. It kills only processes it saw as descendants of the
 * Kingpin, by their {@link ProcessHandle} (which checks the start time, so a reused pid is never
 * hit).
 *
 * <p>Thread-safe; one test thread normally drives it.
 */
public final class KingpinProcess implements AutoCloseable {
    private static final Pattern RUN_DIR = Pattern.compile("run dir (\\S+)\\)");
    private static final Pattern PID_LIST = Pattern.compile("\\[([0-9, ]*)\\]");

    private final Process process;
    private final Thread reader;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    /** Every descendant seen, by pid, with its start time: a pid alone may be reused. */
    private final Map<Long, ProcessHandle> started = new ConcurrentHashMap<>();
    private final Map<Long, Instant> startTimes = new ConcurrentHashMap<>();

    private KingpinProcess(Process process, boolean echo) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (echo) {
                        System.out.println(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "mob-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} on this JVM's class path, with {@code jvmArgs} and app arguments. */
    public static KingpinProcess start(String mainClass, List<String> jvmArgs, String... args) {
        return start(System.getProperty("java.class.path"), mainClass, jvmArgs, Map.of(), args);
    }

    /** Starts any command that starts an app (a script, a build tool), watching its output. */
    public static KingpinProcess startCommand(List<String> command) {
        try {
            return new KingpinProcess(new ProcessBuilder(command).redirectErrorStream(true).start(),
                    !Boolean.getBoolean("mob.test.quiet"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Starts a runnable jar, {@code java <jvmArgs> -jar <jar> <args>}, as a user does. */
    public static KingpinProcess startJar(Path jar, List<String> jvmArgs, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        try {
            return new KingpinProcess(new ProcessBuilder(command).redirectErrorStream(true).start(),
                    !Boolean.getBoolean("mob.test.quiet"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
    }

    /** Starts {@code mainClass} on {@code classPath}, with extra environment variables. */
    public static KingpinProcess start(String classPath, String mainClass, List<String> jvmArgs,
            Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            return new KingpinProcess(builder.start(), !Boolean.getBoolean("mob.test.quiet"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    /** The Kingpin's process. */
    public Process process() {
        return process;
    }

    /** Every line printed so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits for a line matching {@code test} and returns it; fails after {@code timeout}. */
    public String await(Predicate<String> test, Duration timeout) {
        return await(test, 1, timeout).get(0);
    }

    /** Waits until {@code count} lines match {@code test}; returns them; fails after {@code timeout}. */
    public List<String> await(Predicate<String> test, int count, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            rememberChildren();
            List<String> matching = lines.stream().filter(test).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(count + " matching line(s) did not appear within " + timeout
                        + "; output so far:\n" + String.join("\n", lines));
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20); // polling interval of a bounded wait, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The pids the Kingpin listed in its "ready" line, once it printed one. */
    public Set<Long> readyPids(Duration timeout) {
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
        rememberChildren();
        return pids;
    }

    private void rememberChildren() {
        process.descendants().forEach(h -> {
            if (started.putIfAbsent(h.pid(), h) == null) {
                h.info().startInstant().ifPresent(t -> startTimes.put(h.pid(), t));
            }
        });
    }

    /**
     * Whether {@code pid} runs the process this test saw under that pid (when it saw it). A zombie
     * has exited (it waits for PID 1 to reap it, which can take a while in a sandbox, and
     * {@code ProcessHandle.isAlive()} would still count it); a reused pid is another process.
     */
    public boolean alive(long pid) {
        Instant seen = startTimes.get(pid);
        Optional<Instant> now = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
        if (seen != null && now.isPresent() && !now.get().equals(seen)) {
            return false;
        }
        return running(pid);
    }

    /** Whether any process with {@code pid} runs and is not a zombie. */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException gone) {
            // No /proc entry: gone (or no /proc at all, where only the JDK can tell).
            return !Files.isDirectory(Path.of("/proc")) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** Waits until none of {@code pids} is alive; returns how long that took in ms, or -1 on timeout. */
    public long awaitGone(Set<Long> pids, Duration timeout) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (pids.stream().noneMatch(this::alive)) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            pause();
        }
        return -1;
    }

    /** Whether every process the Kingpin started (that this test saw) has exited, within {@code timeout}. */
    public boolean allGone(Duration timeout) {
        return awaitGone(Set.copyOf(started.keySet()), timeout) >= 0;
    }

    /**
     * Sends SIGTERM to the Kingpin. Unlike {@code Process.destroy()}, which also closes our end of
     * its stdout, this keeps reading what the Kingpin prints while it drains.
     */
    public void sigterm() {
        rememberChildren();
        process.toHandle().destroy();
    }

    /** Kills the Kingpin with SIGKILL (its mobsters notice and exit on their own). */
    public void sigkill() {
        rememberChildren();
        process.toHandle().destroyForcibly();
    }

    /**
     * Freezes the whole "host": SIGSTOP to the Kingpin and every process it started that still
     * runs, as when a machine hangs. {@link #thaw()} resumes them; {@link #close()} kills them.
     */
    public void freeze() {
        signalAll("STOP");
    }

    /** Resumes what {@link #freeze()} stopped (SIGCONT). */
    public void thaw() {
        signalAll("CONT");
    }

    private void signalAll(String signal) {
        rememberChildren();
        List<String> pids = new ArrayList<>();
        pids.add(Long.toString(process.pid()));
        started.forEach((pid, handle) -> {
            if (alive(pid)) {
                pids.add(Long.toString(pid));
            }
        });
        try {
            // bash's own kill: no procps needed. The pids were checked to be ours just above.
            Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " " + String.join(" ", pids))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + signal + " " + pids + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for the Kingpin to exit and returns its exit code; fails after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the Kingpin did not exit within " + timeout + "; output so far:\n"
                        + String.join("\n", lines));
            }
            reader.join(5_000); // the rest of its output is still in the pipe
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    /** The run directory the Kingpin announced, or null before it did. */
    public Path runDir() {
        for (String line : lines) {
            Matcher m = RUN_DIR.matcher(line);
            if (m.find()) {
                return Path.of(m.group(1));
            }
        }
        return null;
    }

    @Override
    public void close() {
        rememberChildren();
        process.toHandle().destroyForcibly();
        started.values().forEach(ProcessHandle::destroyForcibly); // a handle checks its start time
        // A Kingpin killed with SIGKILL cannot remove its run directory; do it for it.
        Path dir = runDir();
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                System.err.println("mob-test: cannot remove " + dir + ": " + e);
            }
        }
    }
}
