package dev.mob.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An example app started the way a user starts it (its generated MobMain), with its output kept.
 * {@link #close()} kills, by pid, whatever it started that is still running.
 */
final class AppProcess implements AutoCloseable {
    private static final Pattern RUN_DIR = Pattern.compile("run dir (\\S+)\\)");

    final Process kingpin;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Set<Long> started = new HashSet<>();
    private final Thread reader;

    AppProcess(String mainClass, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass).redirectErrorStream(true);
        builder.environment().putAll(env);
        kingpin = builder.start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(kingpin.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    List<String> output() {
        return output;
    }

    /** Waits until {@code count} lines match; fails after {@code seconds}. */
    void await(Predicate<String> test, int count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (output.stream().filter(test).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected output did not appear:\n" + String.join("\n", output));
            }
            Thread.sleep(50);
        }
        kingpin.descendants().forEach(p -> started.add(p.pid()));
    }

    /** SIGTERM (keeping our end of its stdout open), then the exit code. */
    int stop(int seconds) throws InterruptedException {
        kingpin.descendants().forEach(p -> started.add(p.pid()));
        kingpin.toHandle().destroy();
        if (!kingpin.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the Kingpin did not stop within " + seconds + " s");
        }
        reader.join(5_000);
        return kingpin.exitValue();
    }

    /** Whether every process the app started has exited, waiting up to {@code millis}. */
    boolean allGone(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (started.stream().anyMatch(AppProcess::alive)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** A zombie waiting for PID 1 to reap it has exited too. */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        kingpin.destroyForcibly();
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        // A Kingpin killed here cannot remove its run directory; do it for it.
        for (String line : output) {
            Matcher m = RUN_DIR.matcher(line);
            if (m.find() && Files.isDirectory(Path.of(m.group(1)))) {
                try (Stream<Path> files = Files.list(Path.of(m.group(1)))) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(Path.of(m.group(1)));
            }
        }
    }
}
